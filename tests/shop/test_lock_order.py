"""Paths that lock several kinds of row take them in the order of docs/architecture.md ("Locks")
and lock only the rows they change (PostgreSQL: SQLite writes no FOR UPDATE)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.shop.conftest import post_webhook, start_guest_checkout

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes no FOR UPDATE"),
]


def locked_tables(queries):
    """The tables of each SELECT ... FOR UPDATE, in the order they ran."""
    order = []
    for query in queries:
        sql = query["sql"]
        if "FOR UPDATE" in sql:
            table = sql.split(" FROM ", 1)[1].split()[0].strip('"')
            order.append((table, sql[sql.index("FOR UPDATE") :]))
    return order


def test_a_failed_payment_locks_the_basket_before_the_intent(client, product, stripe_fake):
    start_guest_checkout(client, product)
    response = client.post(reverse("checkout:stripe-prepare"), HTTP_ACCEPT="application/json")
    intent = stripe_fake.decline(response.json()["client_secret"].split("_secret")[0])

    with CaptureQueriesContext(connection) as queries:
        post_webhook(client, stripe_fake.event("payment_intent.payment_failed", intent))

    tables = [table for table, _ in locked_tables(queries)]
    assert tables.index("basket_basket") < tables.index("payment_stripepaymentintent")


def test_placement_locks_stock_records_not_their_products(client, product):
    start_guest_checkout(client, product)

    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("checkout:preview"), {"action": "place_order"})

    stock_locks = [lock for table, lock in locked_tables(queries) if table == "partner_stockrecord"]
    assert stock_locks == ['FOR UPDATE OF "partner_stockrecord"']
