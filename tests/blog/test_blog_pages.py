import pytest
from django.urls import reverse
from wagtail.models import Workflow

from blog.models import reading_minutes

pytestmark = pytest.mark.django_db


def test_index_lists_published_posts_newest_first_with_the_newest_featured(
    client, blog_index, make_post
):
    older = make_post("Older walk")
    newer = make_post("Newer walk")
    make_post("Draft walk", publish=False)

    response = client.get(blog_index.url)

    assert response.status_code == 200
    assert response.context["featured"] == newer
    assert list(response.context["posts"]) == [older]
    assert b"Draft walk" not in response.content


def test_an_editor_chosen_featured_post_comes_first(client, blog_index, make_post):
    chosen = make_post("Chosen")
    make_post("Newest")
    blog_index.featured_post = chosen
    blog_index.save_revision().publish()

    response = client.get(blog_index.url)

    assert response.context["featured"].pk == chosen.pk


def test_an_unpublished_featured_post_gives_way_to_the_newest(client, blog_index, make_post):
    chosen = make_post("Chosen")
    older = make_post("Older")
    newest = make_post("Newest")
    blog_index.featured_post = chosen
    blog_index.save_revision().publish()
    chosen.unpublish()

    response = client.get(blog_index.url)

    assert response.context["featured"] == newest
    assert list(response.context["posts"]) == [older]


def test_index_is_paginated(client, blog_index, make_post):
    for _ in range(12):
        make_post()
    first = client.get(blog_index.url)
    second = client.get(blog_index.url + "?page=2")

    # 1 featured + 9 on the first page; the remaining 2 on the second.
    assert len(first.context["posts"]) == 9
    assert len(second.context["posts"]) == 2
    assert second.context["featured"] is None
    assert client.get(blog_index.url + "?page=99").status_code == 200


def test_category_tag_and_author_listings(client, blog_index, make_post, guides, news, author):
    in_guides = make_post("How to pack", categories=[guides], authors=[author], tags=["packing"])
    make_post("Opening news", categories=[news])

    by_category = client.get(blog_index.url + "category/guides/")
    by_tag = client.get(blog_index.url + "tag/packing/")
    by_author = client.get(blog_index.url + "author/ada/")

    for response in (by_category, by_tag, by_author):
        assert response.status_code == 200
        shown = [*response.context["posts"]]
        assert shown == [in_guides]
        assert b"Opening news" not in response.content
    assert by_category.context["listing_title"] == "Guides"


@pytest.mark.parametrize("route", ["category/nope/", "tag/nope/", "author/nope/"])
def test_unknown_listing_slugs_are_404(client, blog_index, route):
    assert client.get(blog_index.url + route).status_code == 404


def test_a_post_shows_its_details_reading_time_and_neighbours(
    client, blog_index, make_post, guides, author
):
    first = make_post("First", categories=[guides])
    middle = make_post(
        "Middle", categories=[guides], authors=[author], tags=["coast"], subtitle="A subtitle"
    )
    last = make_post("Last", categories=[guides])

    response = client.get(middle.url)

    assert response.status_code == 200
    assert response.context["previous_post"].url == first.url
    assert response.context["next_post"].url == last.url
    assert {post.pk for post in response.context["related_posts"]} == {first.pk, last.pk}
    content = response.content.decode()
    assert "A subtitle" in content and "Ada Lovelace" in content
    assert "1 min read" in content
    assert 'href="/blog/tag/coast/"' in content
    assert 'href="/blog/category/guides/"' in content


def test_related_posts_rank_by_shared_categories_and_tags(make_post, guides, news):
    post = make_post("Post", categories=[guides, news], tags=["sea"])
    both = make_post("Both", categories=[guides, news], tags=["sea"])
    one = make_post("One", categories=[news])
    make_post("None")

    related = post.related_posts(list(post.categories.all()), list(post.tags.all()))

    assert [p.pk for p in related] == [both.pk, one.pk]


def test_reading_time_counts_words_in_every_text_block():
    words = " ".join(["word"] * 500)
    raw = [
        {"type": "paragraph", "value": f"<p>{words}</p>", "id": "a"},
        {"type": "quote", "value": {"text": words, "attribution": ""}, "id": "b"},
    ]
    assert reading_minutes(raw) == 5  # 1000 words at 220 a minute, rounded up
    assert reading_minutes([]) == 1


def test_posts_go_through_the_blog_review_workflow(blog_index, make_post):
    post = make_post(publish=False)
    workflow = post.get_workflow()
    assert workflow is not None and workflow.name == "Blog review"
    assert Workflow.objects.filter(name="Blog review").count() == 1
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Moderators"]
    from blog.moderation import ensure_blog_workflow

    assert ensure_blog_workflow() == workflow  # running again creates nothing new
    assert workflow.tasks.count() == 1


def test_snippets_are_in_the_admin(admin_client, author, guides):
    assert admin_client.get(reverse("wagtailsnippets_blog_author:list")).status_code == 200
    assert admin_client.get(reverse("wagtailsnippets_blog_blogcategory:list")).status_code == 200


def test_private_posts_stay_private(client, blog_index, make_post):
    from wagtail.models import PageViewRestriction

    public = make_post("Open to all")
    private = make_post("Members only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert client.get(private.url).status_code == 302  # to the sign-in page
    listing = client.get("/blog/").content.decode()
    assert "Open to all" in listing and "Members only" not in listing
    assert b"Members only" not in client.get("/blog/feed/").content
    assert client.get(public.url).status_code == 200


def test_a_private_blog_hides_every_post(client, blog_index, make_post):
    from wagtail.models import PageViewRestriction

    post = make_post()
    PageViewRestriction.objects.create(page=blog_index, restriction_type="login")
    for url in (post.url, "/blog/", "/blog/feed/"):
        assert client.get(url).status_code == 302, url
