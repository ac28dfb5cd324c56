"""Blog posts and landing pages in the site search."""

import pytest
from wagtail.models import Page

from home.models import ContentPage, LandingPage
from search.indexing import pending_changes
from search.models import SearchDocument
from tests.blog.conftest import paragraph, product_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(blog_index, django_capture_on_commit_callbacks):
    """Index what the fixtures changed (as their commit would), then run each block's commit."""
    pending = pending_changes()
    if pending is not None:
        pending()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_published_post_is_indexed_with_categories_tags_and_text(
    committed, make_post, make_products, guides, author
):
    with committed():
        products = make_products(2)
        post = make_post(
            "Packing for the coast",
            categories=[guides],
            authors=[author],
            tags=["coast"],
            body=[paragraph("<p>Bring a <b>warm</b> jumper.</p>"), product_grid(products)],
        )
    document = SearchDocument.objects.get(key=f"post:{post.pk}")
    assert document.kind == "post"
    assert document.title == "Packing for the coast"
    assert document.categories == ["Guides"] and document.tags == ["coast"]
    assert "warm jumper" in document.body and "Ada Lovelace" in document.body
    assert document.url == post.url


def test_drafts_and_unpublished_posts_are_not_indexed(committed, make_post):
    with committed():
        draft = make_post("Draft", publish=False)
        post = make_post("Soon gone")
    assert not SearchDocument.objects.filter(key=f"post:{draft.pk}").exists()
    with committed():
        Page.objects.get(pk=post.pk).specific.unpublish()
    assert not SearchDocument.objects.filter(key=f"post:{post.pk}").exists()


def test_renaming_a_category_reindexes_its_posts(committed, make_post, guides):
    with committed():
        post = make_post(categories=[guides])
    with committed():
        guides.name = "How-to"
        guides.save()
    assert SearchDocument.objects.get(key=f"post:{post.pk}").categories == ["How-to"]


def test_landing_and_content_pages_are_indexed_as_pages(committed, home_page):
    with committed():
        landing = home_page.add_child(
            instance=LandingPage(
                title="Winter sale",
                slug="winter-sale",
                intro="A third off.",
                body=[{"type": "hero", "value": {"title": "Cosy season", "text": "Candles"}}],
            )
        )
        landing.save_revision().publish()
        about = home_page.add_child(instance=ContentPage(title="About", slug="about"))
        about.save_revision().publish()
    document = SearchDocument.objects.get(key=f"page:{landing.pk}")
    assert document.summary == "A third off."
    assert "Cosy season" in document.body
    assert SearchDocument.objects.filter(key=f"page:{about.pk}").exists()
