"""/api/v1/orders/: the customer's own orders, with totals whose rows add up."""

from decimal import Decimal as D

import pytest
from django.test import Client

from tests.bookings.conftest import book_and_pay, next_slot

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db


def test_the_customer_sees_their_orders_and_no_one_elses(customer_client, service, user_factory):
    booking = book_and_pay(customer_client, service, next_slot(service))
    number = booking.order.number
    listing = customer_client.get(f"{API}/orders/").json()
    assert [order["number"] for order in listing["results"]] == [number]
    order = customer_client.get(f"{API}/orders/{number}/").json()
    totals = order["totals"]
    assert totals["total"] == "60.00"
    assert sum(D(row["amount"]) for row in totals["items"]) == D(totals["total"])
    stranger = Client()
    assert stranger.get(f"{API}/orders/").status_code == 401
    stranger.force_login(user_factory())
    response = stranger.get(f"{API}/orders/{number}/")
    assert response.status_code == 404
    error_shape(response)
    assert stranger.get(f"{API}/orders/").json()["count"] == 0
