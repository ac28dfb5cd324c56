"""Order status changes go through one event handler and bring their consequences, once.

Every order here is placed through the real checkout: a venue service booked for a time plus a
physical product, paid with the demo method (or by card through FakeStripe).
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.apps.order.exceptions import InvalidShippingEvent
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from bookings.models import Booking
from bookings.service import BookableService
from shop.order.processing import LineStatusChangeRefused, StatusChangeRefused
from shop.order.refunds import RETRY_AFTER
from shop.tasks import check_ended_orders, retry_pending_refunds
from tests.bookings.conftest import (  # noqa: F401 (fixtures)
    checkout_as_guest,
    hold,
    make_service,
    next_slot,
    open_venue,
    place_order,
    service,
    soonest_slot,
)
from tests.shop.conftest import post_webhook, start_guest_checkout
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401 (fixtures)

EventHandler = get_class("order.processing", "EventHandler")
Order = get_model("order", "Order")
ShippingEventType = get_model("order", "ShippingEventType")

pytestmark = pytest.mark.django_db

PIPELINE = settings.OSCAR_ORDER_STATUS_PIPELINE
STATUSES = list(PIPELINE)
ALLOWED = [(old, new) for old in PIPELINE for new in PIPELINE[old]]
REFUSED = [
    (old, new) for old in PIPELINE for new in PIPELINE if new != old and new not in PIPELINE[old]
]
ENDED = {"Cancelled", "Refunded"}
HANDED_OVER = {"Shipped", "Completed"}
IN_STOCK = 10


def freeze_past_retry_delay():
    """The retry task leaves alone refunds younger than RETRY_AFTER (their request may still
    be sending them): run it as if that much time had passed."""
    later = timezone.now() + RETRY_AFTER + timedelta(seconds=1)
    return mock.patch("django.utils.timezone.now", return_value=later)


@dataclass
class Placed:
    """An order holding a booking and a product, and where to look for its consequences."""

    order: Order
    booking: Booking
    product: object

    def refresh(self):
        self.order.refresh_from_db()
        self.booking.refresh_from_db()
        return self

    @property
    def stock(self):
        """(in stock, allocated) of the product's stock record."""
        record = self.product.stockrecords.get()
        return record.num_in_stock, record.num_allocated

    @property
    def refunded(self):
        events = self.order.payment_events.filter(event_type__code="refunded")
        return sum((event.amount for event in events), D("0.00"))

    @property
    def time_is_free(self):
        bookable = BookableService.load(self.booking.service_id)
        day = timezone.localtime(self.booking.start, self.booking.venue.zone).date()
        return self.booking.start in [slot.start for slot in bookable.free_slots(day, day)]

    def line_of(self, title):
        return self.order.lines.get(title=title)

    def state(self):
        """Everything a refused or repeated change must leave as it was."""
        self.refresh()
        return (
            self.order.status,
            sorted(self.order.lines.values_list("status", flat=True)),
            self.refunded,
            self.stock,
            self.booking.status,
            self.order.notes.count(),
        )


@pytest.fixture
def massage(request):
    """A service of a venue open all day (the booking tests' `service`)."""
    return request.getfixturevalue("service")


@pytest.fixture
def spa(request, massage):
    """The massage's venue (the booking tests' `open_venue`)."""
    return request.getfixturevalue("open_venue")


@pytest.fixture
def candle(countries):
    return create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=IN_STOCK)


def book_and_buy(client, bookable, product, start):
    """Hold `start` for the bookable service, add the product, check out as a guest: the client
    is left on the preview step."""
    response = hold(client, bookable, start)
    assert response.status_code == 302
    start_guest_checkout(client, product)
    return client


@pytest.fixture
def placed(client, massage, candle, django_capture_on_commit_callbacks):
    """A paid order: a massage booked three days ahead, and a candle."""
    start = next_slot(massage, days_ahead=3)
    book_and_buy(client, massage, candle, start)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    booking = Booking.objects.get(order_line__order=order)
    assert booking.status == Booking.Status.CONFIRMED
    mail.outbox.clear()
    return Placed(order, booking, candle)


def bring_to(placed, status, capture):
    """Move a placed order to `status` the way the site does (through the handler)."""
    order = placed.order
    if status == "Pending payment":
        # Nothing leads back to it; an order awaiting payment has no payment yet.
        order.sources.all().delete()
        order.payment_events.all().delete()
        order.lines.update(status=status)
        Order.objects.filter(pk=order.pk).update(status=status)
    elif status != "Paid":
        with capture(execute=True):
            EventHandler().handle_order_status_change(order, status)
    placed.refresh()
    assert placed.order.status == status
    mail.outbox.clear()


def order_emails(order):
    return [m.subject for m in mail.outbox if order.number in m.subject]


def booking_emails():
    return [m.subject for m in mail.outbox if m.subject.startswith("Booking cancelled")]


@pytest.mark.parametrize(("old", "new"), ALLOWED, ids=[f"{o}->{n}" for o, n in ALLOWED])
def test_every_allowed_change_brings_its_consequences(
    placed, spa, old, new, django_capture_on_commit_callbacks
):
    bring_to(placed, old, django_capture_on_commit_callbacks)
    paid = placed.order.sources.first().amount_debited if old != "Pending payment" else D("0")
    stock_before = placed.stock

    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_order_status_change(placed.order, new, note_msg="Staff changed it.")

    placed.refresh()
    order = placed.order
    assert order.status == new
    assert order.status_changes.filter(old_status=old, new_status=new).count() == 1
    assert order.notes.filter(message__startswith="Staff changed it.").count() == 1
    if new in ENDED:
        assert placed.refunded == paid
        assert placed.booking.status == Booking.Status.CANCELLED
        assert placed.booking.refunded_amount == placed.booking.order_line.line_price_incl_tax
        assert placed.time_is_free
        # Stock held for a candle that never left goes back on sale; a sent one stays sold.
        assert placed.stock == (stock_before[0], 0)
        assert booking_emails() == [f"Booking cancelled: Deep Tissue Massage at {spa.title}"]
    else:
        assert placed.refunded == 0
        assert placed.booking.status == Booking.Status.CONFIRMED
        assert not placed.time_is_free
        assert booking_emails() == []
        expected = (IN_STOCK - 1, 0) if new in HANDED_OVER else stock_before
        assert placed.stock == expected
    expected_emails = {
        "Cancelled": [f"Order {order.number} is cancelled"],
        "Refunded": [f"Refund for order {order.number}"] if paid else [],
        "Shipped": [f"Order {order.number} is on its way"],
    }.get(new, [])
    assert order_emails(order) == expected_emails


@pytest.mark.parametrize(("old", "new"), REFUSED, ids=[f"{o}->{n}" for o, n in REFUSED])
def test_every_change_the_pipeline_refuses_changes_nothing(
    placed, old, new, django_capture_on_commit_callbacks
):
    bring_to(placed, old, django_capture_on_commit_callbacks)
    before = placed.state()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(StatusChangeRefused) as refusal,
    ):
        EventHandler().handle_order_status_change(placed.order, new)
    assert f"is {old}" in str(refusal.value) and f"not {new}" in str(refusal.value)
    assert placed.state() == before
    assert mail.outbox == []


@pytest.mark.parametrize("status", STATUSES)
def test_asking_for_the_status_an_order_has_does_nothing(
    placed, status, django_capture_on_commit_callbacks
):
    bring_to(placed, status, django_capture_on_commit_callbacks)
    before = placed.state()
    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_order_status_change(placed.order, status)
    assert placed.state() == before
    assert mail.outbox == []


@pytest.mark.parametrize("status", sorted(ENDED))
def test_the_same_change_twice_refunds_and_emails_once(
    placed, status, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            EventHandler().handle_order_status_change(placed.order, status)
    placed.refresh()
    assert placed.order.payment_events.filter(event_type__code="refunded").count() == 1
    assert placed.refunded == placed.order.total_incl_tax
    assert placed.stock == (IN_STOCK, 0)
    assert len(order_emails(placed.order)) == 1
    assert len(booking_emails()) == 1


def test_the_cancellation_email_says_who_cancelled(placed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_order_status_change(placed.order, "Cancelled")
    email = next(m for m in mail.outbox if m.subject.endswith("is cancelled"))
    assert email.to == ["guest@example.com"]
    assert "has been cancelled." in email.body and "as you asked" not in email.body


# The dashboard
# -------------


@pytest.fixture
def shop_staff(user_factory, home_page):
    return user_factory(username="staff", roles=["Shop staff"])


def change_status_in_dashboard(staff, order, new_status):
    dashboard = Client()
    dashboard.force_login(staff)
    return dashboard.post(
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        {"order_action": "change_order_status", "new_status": new_status},
        follow=True,
    )


def test_cancelling_a_paid_order_in_the_dashboard_refunds_and_frees_the_booked_time(
    placed, shop_staff, django_capture_on_commit_callbacks
):
    assert not placed.time_is_free
    with django_capture_on_commit_callbacks(execute=True):
        response = change_status_in_dashboard(shop_staff, placed.order, "Cancelled")
    assert response.status_code == 200
    placed.refresh()
    assert placed.order.status == "Cancelled"
    assert placed.refunded == placed.order.total_incl_tax
    assert placed.order.sources.get().amount_refunded == placed.order.total_incl_tax
    assert placed.booking.status == Booking.Status.CANCELLED
    assert placed.time_is_free
    assert placed.stock == (IN_STOCK, 0)
    assert order_emails(placed.order) == [f"Order {placed.order.number} is cancelled"]
    note = placed.order.notes.get(message__contains="Cancelled 1 booking")
    assert note.user == shop_staff and f"Refunded {placed.order.total_incl_tax}" in note.message


# Card payments: refunds through Stripe
# -------------------------------------


@pytest.fixture
def paid_by_card(client, massage, candle, stripe_fake):
    """The same order as `placed`, paid by card; returns (Placed, PaymentIntent id)."""
    book_and_buy(client, massage, candle, next_slot(massage, days_ahead=3))
    response = client.post(reverse("checkout:stripe-prepare"))
    assert response.status_code == 200, response.content
    intent_id = response.json()["client_secret"].split("_secret")[0]
    post_webhook(
        client, stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(intent_id))
    )
    order = Order.objects.get()
    mail.outbox.clear()
    return Placed(order, Booking.objects.get(order_line__order=order), candle), intent_id


def pending_refunds(order):
    return list(order.payment_events.filter(event_type__code="refund-pending"))


def test_a_refund_stripe_refuses_stays_pending_and_is_retried_once(
    paid_by_card, stripe_fake, client, django_capture_on_commit_callbacks, caplog
):
    placed, intent_id = paid_by_card
    stripe_fake.fail_next = 500
    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_order_status_change(placed.order, "Cancelled")
    # The change stands; the money owed is recorded as pending, not lost.
    placed.refresh()
    assert placed.order.status == "Cancelled"
    assert placed.booking.status == Booking.Status.CANCELLED and placed.time_is_free
    assert stripe_fake.refunded(intent_id) == 0
    assert [event.amount for event in pending_refunds(placed.order)] == [
        placed.order.total_incl_tax
    ]
    assert "stays pending and is retried" in caplog.text
    # The nightly check does not take money on its way back for money owed.
    assert check_ended_orders(repair=True) == 0

    # The beat task, once Stripe answers: one refund, recorded once, even after its webhook.
    with freeze_past_retry_delay():
        assert retry_pending_refunds() == 1
        assert retry_pending_refunds() == 0
    total_minor = int(placed.order.total_incl_tax * 100)
    assert stripe_fake.refunded(intent_id) == total_minor
    post_webhook(client, stripe_fake.event("charge.refunded", stripe_fake.charge_for(intent_id)))
    placed.refresh()
    assert placed.order.status == "Cancelled"
    assert placed.refunded == placed.order.total_incl_tax
    assert placed.order.payment_events.filter(event_type__code="refunded").count() == 1
    assert pending_refunds(placed.order) == []


def test_a_refund_made_but_not_recorded_is_found_not_made_again(
    paid_by_card, stripe_fake, client, django_capture_on_commit_callbacks, monkeypatch
):
    """Stripe refunded, then the answer was lost and a day passed (its idempotency key is
    forgotten): the retry finds the refund by its key and records it."""
    placed, intent_id = paid_by_card
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EventHandler().handle_order_status_change(placed.order, "Cancelled")
    assert len(callbacks) >= 1
    [pending] = pending_refunds(placed.order)
    from shop.payment import stripe_gateway

    stripe_gateway.refund(
        intent_id, amount=pending.amount, currency=placed.order.currency, key=pending.reference
    )
    stripe_fake.forget_keys()
    # Its webhook arrives first: the pending refund is not recorded twice.
    post_webhook(client, stripe_fake.event("charge.refunded", stripe_fake.charge_for(intent_id)))
    with freeze_past_retry_delay():
        assert retry_pending_refunds() == 1
    assert stripe_fake.count("post", "/v1/refunds") == 1
    placed.refresh()
    assert placed.refunded == placed.order.total_incl_tax
    assert placed.order.payment_events.filter(event_type__code="refunded").count() == 1


def test_a_status_change_handled_twice_refunds_once(
    paid_by_card, stripe_fake, django_capture_on_commit_callbacks
):
    placed, intent_id = paid_by_card
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            EventHandler().handle_order_status_change(placed.order, "Cancelled")
    with freeze_past_retry_delay():
        assert retry_pending_refunds() == 0
    assert stripe_fake.count("post", "/v1/refunds") == 1
    assert placed.refunded == placed.order.total_incl_tax


def test_the_dashboard_change_stands_when_stripe_is_down(
    paid_by_card, stripe_fake, shop_staff, django_capture_on_commit_callbacks
):
    placed, intent_id = paid_by_card
    stripe_fake.fail_next = 500
    with django_capture_on_commit_callbacks(execute=True):
        response = change_status_in_dashboard(shop_staff, placed.order, "Cancelled")
    assert response.status_code == 200
    placed.refresh()
    assert placed.order.status == "Cancelled"
    assert placed.booking.status == Booking.Status.CANCELLED
    assert len(pending_refunds(placed.order)) == 1


def test_a_full_refund_made_in_stripe_ends_the_order_through_the_handler(
    paid_by_card, stripe_fake, client, django_capture_on_commit_callbacks
):
    placed, intent_id = paid_by_card
    stripe_fake.create_refund({"payment_intent": intent_id})
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(
            client, stripe_fake.event("charge.refunded", stripe_fake.charge_for(intent_id))
        )
    placed.refresh()
    assert placed.order.status == "Refunded"
    assert placed.refunded == placed.order.total_incl_tax
    assert placed.booking.status == Booking.Status.CANCELLED and placed.time_is_free
    assert placed.stock == (IN_STOCK, 0)
    assert order_emails(placed.order) == [f"Refund for order {placed.order.number}"]
    assert stripe_fake.count("post", "/v1/refunds") == 0  # nothing more to give back


# The customer
# ------------


def test_customer_cancellation_goes_through_the_handler(
    client, candle, django_capture_on_commit_callbacks
):
    start_guest_checkout(client, candle)
    client.post(reverse("checkout:preview"), {"action": "place_order"})
    order = Order.objects.get()
    mail.outbox.clear()
    link = reverse("anon-order-cancel", args=[order.number, order.verification_hash()])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link)
    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert order.notes.filter(message__startswith="Cancelled by the customer.").exists()
    email = next(m for m in mail.outbox if m.subject.endswith("is cancelled"))
    assert "as you asked" in email.body
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link)  # again: refused, nothing twice
    assert order.payment_events.filter(event_type__code="refunded").count() == 1
    assert len(order_emails(order)) == 1


def test_cancelling_the_only_booking_ends_the_order_as_refunded(
    client, massage, django_capture_on_commit_callbacks
):
    hold(client, massage, next_slot(massage, days_ahead=3))
    checkout_as_guest(client)
    place_order(client)
    booking = Booking.objects.get(status=Booking.Status.CONFIRMED)
    order = booking.order
    mail.outbox.clear()
    from bookings.changes import cancel_booking

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(booking)
    order.refresh_from_db()
    booking.refresh_from_db()
    assert order.status == "Refunded"
    assert booking.refunded_amount == order.total_incl_tax
    assert order.payment_events.filter(event_type__code="refunded").count() == 1
    assert len(booking_emails()) == 1  # the order's ending cancelled nothing twice
    assert order_emails(order) == []  # the booking's email says it


def test_money_a_late_cancellation_kept_stays_kept_when_the_order_ends(
    client, massage, candle, spa, django_capture_on_commit_callbacks
):
    """The venue keeps a late cancellation's money (its policy); ending the order refunds the
    rest, and the nightly check finds nothing wrong with that."""
    spa.late_cancellation_refund_percent = 0
    spa.save()
    book_and_buy(client, massage, candle, soonest_slot(massage))
    place_order(client)
    order = Order.objects.get()
    booking = Booking.objects.get(order_line__order=order)
    from bookings.changes import cancel_booking

    assert cancel_booking(booking) == 0
    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_order_status_change(order, "Cancelled")
    kept = booking.order_line.line_price_incl_tax
    refunded = sum(e.amount for e in order.payment_events.filter(event_type__code="refunded"))
    assert refunded == order.total_incl_tax - kept
    assert check_ended_orders() == 0


# Lines
# -----


def test_cancelling_the_booked_line_refunds_that_line_and_frees_its_time(
    placed, django_capture_on_commit_callbacks
):
    line = placed.booking.order_line
    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_line_status_change(placed.order, [line], "Cancelled")
    placed.refresh()
    line.refresh_from_db()
    assert line.status == "Cancelled"
    assert placed.order.status == "Paid"
    assert placed.refunded == line.line_price_incl_tax
    event = placed.order.payment_events.get(event_type__code="refunded")
    assert list(event.lines.all()) == [line]
    assert placed.booking.status == Booking.Status.CANCELLED and placed.time_is_free
    assert placed.stock == (IN_STOCK, 1)  # the candle still goes
    assert order_emails(placed.order) == [f"Refund for order {placed.order.number}"]
    assert placed.order.notes.filter(message__contains="Line status changed").exists()

    # Again: nothing twice.
    EventHandler().handle_line_status_change(placed.order, [line], "Cancelled")
    assert placed.order.payment_events.filter(event_type__code="refunded").count() == 1


def test_when_every_line_has_ended_the_order_ends_too(placed, django_capture_on_commit_callbacks):
    lines = list(placed.order.lines.all())
    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_line_status_change(placed.order, lines[:1], "Cancelled")
        EventHandler().handle_line_status_change(placed.order, lines[1:], "Cancelled")
    placed.refresh()
    assert placed.order.status == "Cancelled"
    assert placed.refunded == placed.order.total_incl_tax
    assert placed.stock == (IN_STOCK, 0)
    assert placed.booking.status == Booking.Status.CANCELLED
    assert f"Order {placed.order.number} is cancelled" in order_emails(placed.order)


def test_a_line_change_the_pipeline_refuses_changes_nothing(
    placed, django_capture_on_commit_callbacks
):
    line = placed.line_of("Beeswax Candle")
    EventHandler().handle_line_status_change(placed.order, [line], "Shipped")
    assert placed.stock == (IN_STOCK - 1, 0)
    before = placed.state()
    with pytest.raises(LineStatusChangeRefused, match="is Shipped"):
        EventHandler().handle_line_status_change(placed.order, [line], "Cancelled")
    assert placed.state() == before


def test_shipping_events_take_units_out_of_stock_once(placed, django_capture_on_commit_callbacks):
    shipped = ShippingEventType.objects.create(code="shipped", name="Shipped")
    line = placed.line_of("Beeswax Candle")
    EventHandler().handle_shipping_event(placed.order, shipped, [line], [1], reference="TRACK1")
    line.refresh_from_db()
    assert line.status == "Shipped"
    assert placed.stock == (IN_STOCK - 1, 0)
    # The order ships, then is cancelled: the sent candle stays sold, the rest is released.
    EventHandler().handle_order_status_change(placed.order, "Processing")
    with django_capture_on_commit_callbacks(execute=True):
        EventHandler().handle_order_status_change(placed.order, "Cancelled")
    placed.refresh()
    assert placed.stock == (IN_STOCK - 1, 0)
    assert placed.booking.status == Booking.Status.CANCELLED
    assert placed.refunded == placed.order.total_incl_tax


def test_nothing_ships_from_an_ended_order(placed):
    shipped = ShippingEventType.objects.create(code="shipped", name="Shipped")
    EventHandler().handle_order_status_change(placed.order, "Cancelled")
    line = placed.line_of("Beeswax Candle")
    with pytest.raises(InvalidShippingEvent, match="is cancelled"):
        EventHandler().handle_shipping_event(placed.order, shipped, [line], [1])
    assert not placed.order.shipping_events.exists()
    assert placed.stock == (IN_STOCK, 0)


# The nightly check
# -----------------


def test_the_nightly_check_reports_and_repairs_an_order_cancelled_behind_the_handlers_back(
    placed, settings, django_capture_on_commit_callbacks
):
    settings.SHOP_STAFF_EMAILS = ["ops@example.com"]
    Order.objects.filter(pk=placed.order.pk).update(status="Cancelled")  # the old defect

    assert check_ended_orders() == 1
    alert = mail.outbox[-1]
    assert alert.to == ["ops@example.com"]
    assert placed.order.number in alert.body and "1 confirmed booking" in alert.body
    assert f"{placed.order.total_incl_tax} GBP not refunded" in alert.body
    assert placed.state()[2:] == (D("0.00"), (IN_STOCK, 1), Booking.Status.CONFIRMED, 0)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert check_ended_orders(repair=True) == 1
    placed.refresh()
    assert placed.refunded == placed.order.total_incl_tax
    assert placed.booking.status == Booking.Status.CANCELLED and placed.time_is_free
    assert placed.stock == (IN_STOCK, 0)
    assert "Repaired" in next(m for m in mail.outbox if m.to == ["ops@example.com"]).body

    mail.outbox.clear()
    assert check_ended_orders(repair=True) == 0
    assert mail.outbox == []


def test_the_nightly_check_runs_from_beat():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert any(entry["task"] == "shop.tasks.check_ended_orders" for entry in schedule.values())


# Races (PostgreSQL: SQLite ignores row locks)
# -----


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_changes_refund_once(massage, candle):
    client = Client()
    book_and_buy(client, massage, candle, next_slot(massage, days_ahead=3))
    place_order(client)
    order = Order.objects.get()
    mail.outbox.clear()

    def change(status):
        try:
            EventHandler().handle_order_status_change(Order.objects.get(pk=order.pk), status)
            return status
        except StatusChangeRefused:
            return None
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(change, ["Cancelled", "Refunded", "Cancelled", "Refunded"]))

    order.refresh_from_db()
    assert order.status in ENDED
    assert results.count(order.status) >= 1
    assert order.payment_events.filter(event_type__code="refunded").count() == 1
    assert order.status_changes.count() == 1
    assert Booking.objects.get(order_line__order=order).status == Booking.Status.CANCELLED


def test_only_the_event_handler_sets_statuses():
    root = Path(settings.BASE_DIR)
    handler = root / "shop" / "order" / "processing.py"
    sources = (
        path
        for path in root.glob("*/**/*.py")
        if path.relative_to(root).parts[0] not in {".venv", "tests"}
    )
    offenders = [
        str(path) for path in sources if path != handler and "set_status(" in path.read_text()
    ]
    assert offenders == []
