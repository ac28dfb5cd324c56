"""/sitemap.xml lists what is public and available; /robots.txt points at it."""

import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest
from oscar.test.factories import CategoryFactory, create_product
from wagtail.models import PageViewRestriction

from home.models import ContentPage

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{NS}urlset"
    return {loc.text.split("://", 1)[1].split("/", 1)[1] for loc in root.iter(f"{NS}loc")}


def test_sitemap_includes_published_pages_products_and_categories(
    client, home_page, make_post, countries
):
    live = make_post("Live post")
    draft = make_post("Draft post", publish=False)
    private = home_page.add_child(instance=ContentPage(title="Staff", slug="staff"))
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    in_stock = create_product(title="In stock", price=D("5.00"), num_in_stock=3)
    sold_out = create_product(title="Sold out", price=D("5.00"), num_in_stock=0)
    hidden = create_product(title="Hidden", price=D("5.00"), num_in_stock=3, is_public=False)
    no_price = create_product(title="No stock record")
    category = CategoryFactory(name="Candles")
    hidden_category = CategoryFactory(name="Secret", is_public=False)

    paths = sitemap_paths(client)

    assert "" in paths  # the home page
    assert live.url.lstrip("/") in paths
    assert "blog/" in paths
    assert "blog/draft-post/" not in paths and draft.slug == "draft-post"
    assert "staff/" not in paths
    assert in_stock.get_absolute_url().lstrip("/") in paths
    for product in (sold_out, hidden, no_price):
        assert product.get_absolute_url().lstrip("/") not in paths
    assert category.get_absolute_url().lstrip("/") in paths
    assert hidden_category.get_absolute_url().lstrip("/") not in paths


def test_robots_txt_points_at_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /shop/checkout/" in text
