"""No unit is sold twice, however many shoppers press "Place order" at once (PostgreSQL)."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.shop.conftest import start_guest_checkout

Order = get_model("order", "Order")

BUYERS, UNITS = 20, 5


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_buyers_five_units_five_orders(countries):
    product = create_product(title="Last Lanterns", price=D("20.00"), num_in_stock=UNITS)
    shoppers = [
        start_guest_checkout(Client(), product, email=f"buyer{n}@example.com")
        for n in range(BUYERS)
    ]

    def place_order(client):
        try:
            response = client.post(reverse("checkout:preview"), {"action": "place_order"})
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        results = list(pool.map(place_order, shoppers))

    placed = [r for r in results if r[0] == 302]
    refused = [r for r in results if r[0] == 200]
    assert len(placed) == UNITS
    assert len(refused) == BUYERS - UNITS
    assert all("sold out of Last Lanterns" in html for _, html in refused)
    assert Order.objects.count() == UNITS
    record = product.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (UNITS, UNITS)
