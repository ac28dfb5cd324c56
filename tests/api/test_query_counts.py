"""List and basket answers cost a bounded number of queries, however many rows they show."""

import pytest
from oscar.test.factories import create_product

from .conftest import API

pytestmark = pytest.mark.django_db


def queries_for(client, url, django_assert_max_num_queries, budget=40):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_venue_list_queries_do_not_grow_with_venues(
    client, make_venue, django_assert_max_num_queries
):
    for number in range(2):
        make_venue(title=f"Venue {number}")
    few = queries_for(client, f"{API}/venues/", django_assert_max_num_queries)
    for number in range(2, 12):
        make_venue(title=f"Venue {number}")
    many = queries_for(client, f"{API}/venues/", django_assert_max_num_queries)
    assert many <= few


def test_basket_queries_do_not_grow_with_lines(client, countries, django_assert_max_num_queries):
    def add_products(count):
        for number in range(count):
            product = create_product(title=f"Candle {number}", num_in_stock=5)
            client.post(
                f"{API}/basket/lines/", {"product_id": product.pk}, content_type="application/json"
            )

    add_products(1)
    few = queries_for(client, f"{API}/basket/", django_assert_max_num_queries)
    add_products(6)
    many = queries_for(client, f"{API}/basket/", django_assert_max_num_queries)
    assert many <= few + 2
