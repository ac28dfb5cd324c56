"""A voucher or offer is never used past its limit, however many shoppers place orders at once.

Placement locks the basket's vouchers and limited offers and checks them again under the lock;
the shoppers who lose the race get a message saying so, and nothing of their order is kept.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_offer, create_product, create_voucher

from tests.shop.conftest import start_guest_checkout

Order = get_model("order", "Order")
OrderDiscount = get_model("order", "OrderDiscount")
Voucher = get_model("voucher", "Voucher")
ConditionalOffer = get_model("offer", "ConditionalOffer")

SHOPPERS = 10


def checkout_with_voucher(product, code, email):
    client = start_guest_checkout(Client(), product, email=email)
    response = client.post(reverse("basket:vouchers-add"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("basket:summary")).context["basket"].vouchers.count() == 1
    return client


def place_order(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def all_at_once(clients):
    start = threading.Barrier(len(clients))

    def run(client):
        try:
            start.wait(timeout=30)
            response = place_order(client)
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(run, clients))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_shoppers_one_single_use_voucher_one_order(countries):
    product = create_product(title="Paper Kite", price=D("20.00"), num_in_stock=50)
    voucher = create_voucher(code="ONCE", usage=Voucher.SINGLE_USE)
    shoppers = [
        checkout_with_voucher(product, "ONCE", f"kite{n}@example.com") for n in range(SHOPPERS)
    ]

    results = all_at_once(shoppers)

    placed = [html for status, html in results if status == 302]
    refused = [html for status, html in results if status == 200]
    assert len(placed) == 1 and len(refused) == SHOPPERS - 1
    assert all("Voucher ONCE can no longer be used" in html for html in refused)
    order = Order.objects.get()  # nothing of the refused orders was written
    assert order.discounts.get().voucher_id == voucher.pk
    assert OrderDiscount.objects.count() == 1
    voucher.refresh_from_db()
    assert (voucher.num_orders, voucher.applications.count()) == (1, 1)
    assert product.stockrecords.get().num_allocated == 1


@pytest.mark.django_db
def test_a_voucher_used_up_after_it_entered_the_basket_is_refused_at_placement(countries):
    product = create_product(title="Paper Kite", price=D("20.00"), num_in_stock=5)
    voucher = create_voucher(code="ONCE", usage=Voucher.SINGLE_USE)
    first = checkout_with_voucher(product, "ONCE", "first@example.com")
    second = checkout_with_voucher(product, "ONCE", "second@example.com")

    assert place_order(first).status_code == 302
    response = place_order(second)

    assert response.status_code == 200
    assert "Voucher ONCE can no longer be used" in response.content.decode()
    assert "you have not been charged" in response.content.decode()
    assert Order.objects.count() == 1
    voucher.refresh_from_db()
    assert (voucher.num_orders, voucher.applications.count()) == (1, 1)


@pytest.mark.django_db
def test_an_offer_at_its_global_limit_gives_no_more_discounts(countries):
    product = create_product(title="Paper Kite", price=D("20.00"), num_in_stock=5)
    offer = create_offer(name="First buyer")
    ConditionalOffer.objects.filter(pk=offer.pk).update(max_global_applications=1)
    first = start_guest_checkout(Client(), product, email="first@example.com")
    second = start_guest_checkout(Client(), product, email="second@example.com")

    assert place_order(first).status_code == 302
    assert place_order(second).status_code == 302

    assert OrderDiscount.objects.count() == 1
    offer.refresh_from_db()
    assert (offer.num_applications, offer.num_orders) == (1, 1)
