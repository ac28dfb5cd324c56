"""Oscar's catalogue and category pages browse products through the search engine."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.test.factories import create_product

pytestmark = pytest.mark.django_db


def titles(response):
    return [product.title for product in response.context["products"]]


def test_catalogue_sorts_by_price(client, home_page, on_commit):
    with on_commit():
        for title, price in [("Mid", "20.00"), ("Cheap", "5.00"), ("Dear", "90.00")]:
            create_product(title=title, price=D(price), num_in_stock=3)
    assert titles(client.get(reverse("catalogue:index"), {"sort_by": "price-asc"})) == [
        "Cheap",
        "Mid",
        "Dear",
    ]
    assert titles(client.get(reverse("catalogue:index"), {"sort_by": "price-desc"}))[0] == "Dear"


def test_unknown_sort_falls_back_to_newest(client, home_page, on_commit):
    with on_commit():
        create_product(title="Only one", price=D("1.00"))
    response = client.get(reverse("catalogue:index"), {"sort_by": "nonsense"})
    assert response.status_code == 200
    assert titles(response) == ["Only one"]


def test_hidden_products_are_not_listed(client, home_page, on_commit):
    with on_commit():
        create_product(title="Visible", price=D("1.00"))
        create_product(title="Hidden", price=D("1.00"), is_public=False)
    assert titles(client.get(reverse("catalogue:index"))) == ["Visible"]


def test_category_page_lists_its_subtree_and_redirects_old_slugs(client, home_page, on_commit):
    candles = create_from_breadcrumbs("Home & Living > Candles")
    with on_commit():
        product = create_product(title="Beeswax pillar", price=D("9.00"))
        product.categories.add(candles)
        create_product(title="Unrelated", price=D("9.00"))
    parent = candles.get_parent()
    assert titles(client.get(parent.get_absolute_url())) == ["Beeswax pillar"]
    stale = reverse("catalogue:category", kwargs={"category_slug": "old-name", "pk": candles.pk})
    response = client.get(stale)
    assert response.status_code == 301
    assert response["Location"] == candles.get_absolute_url()


def test_catalogue_facets_narrow_by_category_and_price(client, home_page, on_commit):
    candles = create_from_breadcrumbs("Home & Living > Candles")
    bags = create_from_breadcrumbs("Bags")
    with on_commit():
        for title, price, category in [
            ("Small candle", "6.00", candles),
            ("Big candle", "30.00", candles),
            ("Tote", "12.00", bags),
        ]:
            create_product(title=title, price=D(price)).categories.add(category)
    response = client.get(reverse("catalogue:index"), {"category": "Bags"})
    assert titles(response) == ["Tote"]
    groups = {group.name: group for group in response.context["facet_groups"]}
    category_counts = {link.label: link.count for link in groups["category"].links}
    assert category_counts == {"Home & Living": 2, "Home & Living > Candles": 2, "Bags": 1}
    assert "Bags" in response.content.decode()
    cheap = client.get(reverse("catalogue:index"), {"price_max": "10", "sort_by": "price-asc"})
    assert titles(cheap) == ["Small candle"]


def test_bad_page_number_is_404_not_500(client, home_page):
    assert client.get(reverse("catalogue:index"), {"page": "999"}).status_code == 404
    assert client.get(reverse("catalogue:index"), {"page": "abc"}).status_code == 404
    assert client.get(reverse("catalogue:index"), {"price_min": "abc"}).status_code == 200


def test_oscar_search_url_hands_over_to_the_site_search(client, home_page):
    response = client.get(reverse("search:search"), {"q": "candle"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?kind=product&q=candle"


@pytest.mark.alone
def test_catalogue_queries_do_not_grow_with_products(client, home_page, on_commit):
    with on_commit():
        for n in range(3):
            create_product(title=f"Product {n}", price=D("5.00"), num_in_stock=2)
    client.get(reverse("catalogue:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("catalogue:index"))
    with on_commit():
        for n in range(3, 12):
            create_product(title=f"Product {n}", price=D("5.00"), num_in_stock=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("catalogue:index"))
    assert len(titles(response)) == 12
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
