"""Query budgets for the pages shoppers load most: product, basket and each checkout step."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.test.factories import create_product

from tests.shop.conftest import ADDRESS, add_to_basket

pytestmark = pytest.mark.django_db


def queries_for(client, method, url, data=None):
    getattr(client, method)(url, data or {})  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries), "\n".join(q["sql"][:200] for q in queries.captured_queries)


@pytest.fixture
def full_basket(client, home_page, countries):
    products = [
        create_product(title=f"Item {n}", price=D("5.00") + n, num_in_stock=20) for n in range(6)
    ]
    for product in products:
        add_to_basket(client, product)
    return products


def test_product_page_at_most_18_queries(client, home_page, product):
    related = [create_product(title=f"Related {n}", price=D("3.00")) for n in range(4)]
    product.recommended_products.set(related)
    count, sql = queries_for(client, "get", product.get_absolute_url())
    assert count <= 20, sql  # the rating and verified-purchase reviews included


def test_basket_at_most_20_queries(client, full_basket):
    count, sql = queries_for(client, "get", reverse("basket:summary"))
    assert count <= 20, sql


def test_each_checkout_step_at_most_30_queries(client, full_basket):
    client.post(
        reverse("checkout:index"), {"username": "guest@example.com", "options": "anonymous"}
    )
    steps = [
        ("get", reverse("checkout:index"), None),
        ("get", reverse("checkout:shipping-address"), None),
        ("post", reverse("checkout:shipping-address"), ADDRESS),
        ("get", reverse("checkout:shipping-method"), None),
        ("get", reverse("checkout:payment-method"), None),
        ("get", reverse("checkout:preview"), None),
    ]
    for method, url, data in steps:
        count, sql = queries_for(client, method, url, data)
        assert count <= 30, f"{method} {url}: {count}\n{sql}"


def test_placing_the_order_and_thank_you_at_most_30_queries(client, full_basket):
    client.post(
        reverse("checkout:index"), {"username": "guest@example.com", "options": "anonymous"}
    )
    client.post(reverse("checkout:shipping-address"), ADDRESS, follow=True)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("checkout:thank-you"))
    client.post(reverse("checkout:preview"), {"action": "place_order"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("checkout:thank-you"))
    assert response.status_code == 200
    assert len(queries) <= 30, "\n".join(q["sql"][:150] for q in queries.captured_queries)


def test_product_page_with_recently_viewed_products_stays_in_budget(client, home_page, product):
    for n in range(8):
        client.get(create_product(title=f"Seen {n}", price=D("4.00")).get_absolute_url())
    count, sql = queries_for(client, "get", product.get_absolute_url())
    assert count <= 20, sql  # the rating and verified-purchase reviews included
    # The cookie now lists this product too: it is not loaded a second time for the list.
    assert count == queries_for(client, "get", product.get_absolute_url())[0]
