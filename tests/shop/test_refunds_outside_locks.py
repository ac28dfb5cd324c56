"""No row lock is held while the payment provider is asked for a refund.

A refund is checked and recorded as pending under the order's lock, sent after that commits,
and recorded in a second short transaction. The stand-in for the provider below fails the test
if it is called inside a transaction (which is where row locks live).
"""

from decimal import Decimal as D

import pytest
import stripe
from django.db import connection
from django.test import Client

from bookings.changes import cancel_booking
from bookings.models import Booking
from shop.order import refunds
from shop.order.refunds import REFUND_PENDING, refund_order
from tests.bookings.conftest import (  # noqa: F401 (fixtures)
    book_and_pay,
    make_service,
    next_slot,
    open_venue,
    service,
)
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401 (fixtures)

# Transactional tests: a plain test runs inside a transaction, so `in_atomic_block` is always on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class ProviderOutsideTransactions:
    """Takes refunds like the demo method, refusing any asked inside a transaction."""

    def __init__(self, fail=False):
        self.keys, self.fail = [], fail

    def __call__(self, order, amount, *, key):
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
