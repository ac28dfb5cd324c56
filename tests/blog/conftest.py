"""Blog fixtures: the index, categories, authors, and a factory for published posts."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from oscar.test.factories import create_product
from wagtail.images import get_image_model

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from demo.venue_images import interior_art


@pytest.fixture
def blog_index(home_page):
    index = home_page.add_child(
        instance=BlogIndexPage(title="Journal", slug="blog", intro="Stories and guides.")
    )
    index.save_revision().publish()
    return index


@pytest.fixture
def guides(db):
    return BlogCategory.objects.create(name="Guides", slug="guides", description="How-tos.")


@pytest.fixture
def news(db):
    return BlogCategory.objects.create(name="News", slug="news")


@pytest.fixture
def author(db):
    return Author.objects.create(name="Ada Lovelace", slug="ada", role="Editor", bio="Writes.")


@pytest.fixture
def make_image(db):
    def make(title="Picture", width=64, height=48):
        image = get_image_model()(title=title, file=interior_art(title, width, height))
        image.save()
        return image

    return make


@pytest.fixture
def make_post(blog_index):
    """A post under the blog index, published unless publish=False."""
    counter = {"n": 0}

    def make(
        title=None,
        categories=(),
        authors=(),
        tags=(),
        body=None,
        publish=True,
        days_ago=0,
        **fields,
    ):
        counter["n"] += 1
        title = title or f"Post {counter['n']}"
        post = BlogPage(
            title=title,
            date=date(2026, 10, 1) - timedelta(days=days_ago) + timedelta(days=counter["n"]),
            summary=f"Summary of {title}.",
            live=publish,
            body=body if body is not None else [paragraph("<p>Hello there.</p>")],
            **fields,
        )
        post.categories = list(categories)
        post.authors = list(authors)
        blog_index.add_child(instance=post)
        post.tags.add(*tags)
        revision = post.save_revision()
        if publish:
            revision.publish()
        post.refresh_from_db()
        return post

    return make


@pytest.fixture
def make_products(db, countries):
    def make(count, price=D("10.00"), num_in_stock=5):
        return [
            create_product(title=f"Candle {i}", price=price, num_in_stock=num_in_stock)
            for i in range(count)
        ]

    return make


# Bodies are given as raw StreamField data (what the database stores), as the editor saves it.
def paragraph(html):
    return {"type": "paragraph", "value": html}


def product_grid(products, heading="Our picks"):
    value = {"heading": heading, "products": [p.pk for p in products], "limit": 6}
    return {"type": "product_grid", "value": value}


def product_card(product, note=""):
    return {"type": "product_card", "value": {"product": product.pk, "note": note}}
