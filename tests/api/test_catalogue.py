"""/api/v1/catalogue/: prices from the one price policy, public products and categories only."""

from decimal import Decimal as D

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from shop.pricing import price_of_product

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")


def test_product_price_is_the_price_policys_figure(client, product, settings):
    for include_tax in (True, False):
        settings.SHOP_PRICES_INCLUDE_TAX = include_tax
        shown = price_of_product(product)
        data = client.get(f"{API}/catalogue/products/{product.pk}/").json()
        assert data["price"] == {
            "amount": str(shown.amount),
            "currency": shown.currency,
            "includes_tax": include_tax,
            "display": shown.display,
        }
    assert D(data["price"]["amount"]) == D("10.00")  # without tax


def test_product_shows_stock_attributes_and_review_summary(client, product, user_factory):
    ProductReview.objects.create(
        product=product,
        user=user_factory(),
        score=4,
        title="Nice",
        body="Burns well",
        status=ProductReview.APPROVED,
    )
    ProductReview.objects.create(
        product=product,
        user=user_factory(),
        score=1,
        title="Hmm",
        body="Waiting",
        status=ProductReview.FOR_MODERATION,
    )
    product.refresh_from_db()
    data = client.get(f"{API}/catalogue/products/{product.pk}/").json()
    assert data["availability"]["is_available"] is True
    assert data["availability"]["num_available"] == 10
    assert data["rating"] == {"average": 4.0, "count": 1}
    assert data["bookable"] is False


def test_hidden_products_are_404(client, product):
    product.is_public = False
    product.save()
    response = client.get(f"{API}/catalogue/products/{product.pk}/")
    assert response.status_code == 404
    error_shape(response)
    assert client.get(f"{API}/catalogue/products/").json()["count"] == 0


def test_products_filtered_by_category_include_its_subcategories(client, countries):
    candle = create_product(title="Candle", num_in_stock=1)
    towel = create_product(title="Towel", num_in_stock=1)
    home = create_from_breadcrumbs("Home > Candles")
    candle.categories.add(home)
    towel.categories.add(create_from_breadcrumbs("Kitchen"))
    parent = home.get_parent()
    listed = client.get(f"{API}/catalogue/products/", {"category": parent.pk}).json()
    assert [item["id"] for item in listed["results"]] == [candle.pk]
    assert client.get(f"{API}/catalogue/products/", {"category": 999999}).status_code == 404


def test_categories_list_their_parent(client, db):
    child = create_from_breadcrumbs("Home > Candles")
    data = client.get(f"{API}/catalogue/categories/").json()
    by_name = {row["name"]: row for row in data["results"]}
    assert by_name["Candles"]["parent_id"] == by_name["Home"]["id"]
    assert by_name["Home"]["parent_id"] is None
    assert client.get(f"{API}/catalogue/categories/{child.pk}/").json()["name"] == "Candles"


def test_product_list_query_count_does_not_grow_with_products(
    client, countries, django_assert_max_num_queries
):
    for number in range(8):
        create_product(title=f"Candle {number}", price=D("5.00"), num_in_stock=3)
    with django_assert_max_num_queries(14):
        response = client.get(f"{API}/catalogue/products/")
    assert response.json()["count"] == 8
