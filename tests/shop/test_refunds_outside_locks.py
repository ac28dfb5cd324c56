"""No row lock is held while the payment provider is asked for a refund (or anything else).

A refund is checked and recorded as pending under the order's lock, sent after that commits,
and recorded in a second short transaction. The stand-ins for the provider below fail the test
if they are called inside a transaction (which is where row locks live).
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal as D
from unittest import mock

import pytest
import stripe
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from bookings.changes import cancel_booking
from bookings.models import Booking
from shop.order import refunds
from shop.order.refunds import REFUND_PENDING, RETRY_AFTER, refund_order
from shop.tasks import retry_pending_refunds
from tests.bookings.conftest import (  # noqa: F401 (fixtures)
    book_and_pay,
    make_service,
    next_slot,
    open_venue,
    service,
)
from tests.shop.conftest import post_webhook, start_guest_checkout
from tests.shop.test_order_events import book_and_buy, candle, massage  # noqa: F401 (fixtures)
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401 (fixtures)

EventHandler = get_class("order.processing", "EventHandler")
Order = get_model("order", "Order")
StripePaymentIntent = get_model("payment", "StripePaymentIntent")

# Transactional tests: a plain test runs inside a transaction, so `in_atomic_block` is always on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class ProviderOutsideTransactions:
    """Takes refunds like the demo method, refusing any asked inside a transaction."""

    def __init__(self, fail=False):
        self.keys, self.fail = [], fail

    def __call__(self, order, amount, *, key, look_first=False):
        assert not connection.in_atomic_block, "refund sent while a transaction holds locks"
        self.keys.append(key)
        if self.fail:
            raise stripe.APIConnectionError("Stripe cannot be reached")
        return f"re_{len(self.keys)}"


@pytest.fixture
def provider(monkeypatch):
    fake = ProviderOutsideTransactions()
    monkeypatch.setattr(refunds, "take_back_payment", fake)
    return fake


@pytest.fixture
def booking(service):  # noqa: F811 (the fixture imported above)
    return book_and_pay(Client(), service, next_slot(service, days_ahead=5))


def to_minor(amount):
    return int(amount * 100)


def refunded(order):
    return [
        (event.event_type.code, event.amount, event.reference)
        for event in order.payment_events.exclude(event_type__code="paid").order_by("pk")
    ]


def test_a_dashboard_refund_is_sent_outside_any_transaction(booking, provider, admin_user):
    order = booking.order

    assert refund_order(order, D("5.00"), requested_by=admin_user) == D("5.00")

    assert len(provider.keys) == 1
    assert refunded(order) == [("refunded", D("5.00"), "re_1")]


def test_a_refused_dashboard_refund_leaves_nothing_pending(booking, provider, admin_user):
    provider.fail = True
    order = booking.order

    with pytest.raises(stripe.APIConnectionError):
        refund_order(order, D("5.00"), requested_by=admin_user)

    assert refunded(order) == []
    assert not order.payment_events.filter(event_type__code=REFUND_PENDING).exists()


def test_a_booking_cancellation_refunds_outside_any_transaction(booking, provider):
    amount = cancel_booking(booking)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert amount == booking.refunded_amount == booking.order_line.line_price_incl_tax
    assert provider.keys == [f"booking-{booking.reference}"]  # one key per booking: no double
    assert refunded(booking.order) == [("refunded", amount, "re_1")]


def test_a_cancellation_whose_refund_fails_leaves_the_booking_confirmed(booking, provider):
    provider.fail = True

    with pytest.raises(stripe.APIConnectionError):
        cancel_booking(booking)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert refunded(booking.order) == []


# Card payments: every call to Stripe, through its SDK, is made outside any transaction
# -----------------------------------------------------------------------------------


@pytest.fixture
def stripe_outside_transactions(stripe_fake, monkeypatch):
    """FakeStripe, failing the test if the SDK calls it inside a transaction."""
    answer = stripe_fake.route

    def route(method, path, params):
        assert not connection.in_atomic_block, f"Stripe called in a transaction: {method} {path}"
        return answer(method, path, params)

    monkeypatch.setattr(stripe_fake, "route", route)
    return stripe_fake


@pytest.fixture
def card_order(stripe_outside_transactions, client, massage, candle, stripe_fake):  # noqa: F811
    """An order with a booking and a product, paid by card through the real checkout."""
    book_and_buy(client, massage, candle, next_slot(massage, days_ahead=3))
    response = client.post(reverse("checkout:stripe-prepare"))
    assert response.status_code == 200, response.content
    intent_id = response.json()["client_secret"].split("_secret")[0]
    post_webhook(
        client, stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(intent_id))
    )
    return Order.objects.get(), intent_id


def test_cancelling_a_card_order_refunds_outside_any_transaction(card_order, stripe_fake):
    order, intent_id = card_order

    EventHandler().handle_order_status_change(order, "Cancelled")

    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert stripe_fake.refunded(intent_id) == to_minor(order.total_incl_tax)
    assert [code for code, _, _ in refunded(order)] == ["refunded"]


def test_ending_lines_refunds_outside_any_transaction(card_order, stripe_fake):
    order, intent_id = card_order
    line = order.lines.get(title="Beeswax Candle")

    EventHandler().handle_line_status_change(order, [line], "Cancelled")

    assert stripe_fake.refunded(intent_id) == to_minor(line.line_price_incl_tax)
    assert refunded(order)[0][:2] == ("refunded", line.line_price_incl_tax)


def test_a_failed_refund_is_retried_outside_any_transaction(card_order, stripe_fake):
    order, intent_id = card_order
    stripe_fake.fail_next = 500

    EventHandler().handle_order_status_change(order, "Cancelled")

    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert [code for code, _, _ in refunded(order)] == [REFUND_PENDING]
    assert stripe_fake.refunded(intent_id) == 0
    later = timezone.now() + RETRY_AFTER + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert retry_pending_refunds() == 1
    assert stripe_fake.refunded(intent_id) == to_minor(order.total_incl_tax)
    assert [code for code, _, _ in refunded(order)] == ["refunded"]


def test_an_unplaceable_payment_is_refunded_outside_any_transaction(
    stripe_outside_transactions,
    client,
    candle,  # noqa: F811 (the fixture imported above)
    stripe_fake,
):
    start_guest_checkout(client, candle)
    response = client.post(reverse("checkout:stripe-prepare"))
    intent_id = response.json()["client_secret"].split("_secret")[0]
    candle.stockrecords.update(num_in_stock=0)  # sold out while the shopper paid

    post_webhook(
        client, stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(intent_id))
    )

    record = StripePaymentIntent.objects.get()
    assert record.status == StripePaymentIntent.Status.REFUNDED
    assert stripe_fake.refunded(intent_id) == stripe_fake.intents[intent_id]["amount_received"]


def test_an_unplaceable_payment_stripe_refused_is_retried_once(
    stripe_outside_transactions,
    client,
    candle,  # noqa: F811 (the fixture imported above)
    stripe_fake,
):
    start_guest_checkout(client, candle)
    response = client.post(reverse("checkout:stripe-prepare"))
    intent_id = response.json()["client_secret"].split("_secret")[0]
    candle.stockrecords.update(num_in_stock=0)
    stripe_fake.fail_next = 500

    post_webhook(
        client, stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(intent_id))
    )

    assert StripePaymentIntent.objects.get().status == StripePaymentIntent.Status.REFUNDING
    later = timezone.now() + RETRY_AFTER + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert retry_pending_refunds() == 1
        assert retry_pending_refunds() == 0
    assert StripePaymentIntent.objects.get().status == StripePaymentIntent.Status.REFUNDED
    assert stripe_fake.refunded(intent_id) == stripe_fake.intents[intent_id]["amount_received"]
    assert len(stripe_fake.refunds) == 1  # the refused call made none


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
def test_two_racing_cancellations_of_a_card_order_refund_once(card_order, stripe_fake):
    order, intent_id = card_order

    def cancel(_):
        try:
            EventHandler().handle_order_status_change(Order.objects.get(pk=order.pk), "Cancelled")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(cancel, range(2)))

    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert stripe_fake.count("post", "/v1/refunds") == 1
    assert stripe_fake.refunded(intent_id) == to_minor(order.total_incl_tax)
    assert [code for code, _, _ in refunded(order)] == ["refunded"]
