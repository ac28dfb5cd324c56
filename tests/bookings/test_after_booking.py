"""My bookings: cancel with the right refund, reschedule, reminders; the .ics download."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from bookings import tasks
from bookings.models import Booking
from tests.shop.conftest import post_webhook

from .conftest import book_and_pay, go_to_preview, hold, next_slot, soonest_slot

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

PRICE_WITH_TAX = Decimal("60.00")  # 50.00 + 20% tax; a service needs no delivery


def cancel(client, booking):
    return client.post(reverse("bookings:cancel", kwargs={"reference": booking.reference}))


def test_my_bookings_lists_upcoming_and_past(customer_client, customer, service):
    booking = book_and_pay(customer_client, service, next_slot(service), email=customer.email)
    past = Booking.objects.create(
        venue=booking.venue,
        service=service,
        user=customer,
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=1),
        busy_until=timezone.now() - timedelta(days=3) + timedelta(hours=1),
        status=Booking.Status.COMPLETED,
    )
    response = customer_client.get(reverse("bookings:mine"))
    assert response.status_code == 200
    assert response.context["upcoming"] == [booking]
    assert response.context["past"] == [past]
    assert booking.user == customer


def test_my_bookings_needs_an_account(client):
    response = client.get(reverse("bookings:mine"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_cancel_inside_the_free_window_refunds_everything(
    customer_client, customer, service, django_capture_on_commit_callbacks
):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = cancel(customer_client, booking)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.refunded_amount == PRICE_WITH_TAX
    order = booking.order_line.order
    refunds = order.payment_events.filter(event_type__code="refunded")
    assert [event.amount for event in refunds] == [PRICE_WITH_TAX]
    notice = next(m for m in mail.outbox if m.subject.startswith("Booking cancelled"))
    assert "60.00" in notice.body
    assert "METHOD:CANCEL" in str(notice.attachments[0][1])


@pytest.mark.parametrize(("percent", "refund"), [(0, "0.00"), (50, "30.00")])
def test_cancel_after_the_free_window_follows_the_venue_policy(
    customer_client, service, open_venue, percent, refund
):
    open_venue.late_cancellation_refund_percent = percent
    open_venue.save()
    booking = book_and_pay(customer_client, service, soonest_slot(service))
    cancel(customer_client, booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.refunded_amount == Decimal(refund)
    refunded = booking.order_line.order.payment_events.filter(event_type__code="refunded")
    assert sum(event.amount for event in refunded) == Decimal(refund)


def test_cancelling_twice_refunds_once(customer_client, service):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    cancel(customer_client, booking)
    response = cancel(customer_client, booking)
    assert response.status_code == 302
    events = booking.order_line.order.payment_events.filter(event_type__code="refunded")
    assert events.count() == 1


def test_reschedule_keeps_one_booking_and_frees_the_old_time(
    customer_client, service, django_capture_on_commit_callbacks
):
    first = next_slot(service, days_ahead=2)
    booking = book_and_pay(customer_client, service, first)
    later = first + timedelta(hours=3)
    page = customer_client.get(
        reverse("bookings:reschedule", kwargs={"reference": booking.reference})
    )
    assert page.status_code == 200
    assert later.isoformat() in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = customer_client.post(
            reverse("bookings:reschedule", kwargs={"reference": booking.reference}),
            {"start": later.isoformat()},
        )
    assert response.status_code == 302
    assert Booking.objects.exclude(status=Booking.Status.CANCELLED).count() == 1
    booking.refresh_from_db()
    assert (booking.start, booking.status, booking.sequence) == (later, "confirmed", 1)
    assert booking.end - booking.start == timedelta(hours=1)
    notice = next(m for m in mail.outbox if m.subject.startswith("Booking moved"))
    assert "SEQUENCE:1" in str(notice.attachments[0][1])
    from bookings.service import BookableService

    day = timezone.localtime(first, booking.venue.zone).date()
    free = [slot.start for slot in BookableService.load(service.pk).free_slots(day, day)]
    assert first in free and later not in free


def test_reschedule_to_a_taken_time_is_refused(customer_client, service, client_factory=None):
    first = next_slot(service, days_ahead=2)
    booking = book_and_pay(customer_client, service, first)
    response = customer_client.post(
        reverse("bookings:reschedule", kwargs={"reference": booking.reference}),
        {"start": (first + timedelta(minutes=10)).isoformat()},
        follow=True,
    )
    assert "no longer free" in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == first


def test_the_reminder_is_sent_once_even_if_beat_runs_twice(customer_client, service):
    soon = next(s for s in upcoming_starts(service) if s < timezone.now() + timedelta(hours=23))
    book_and_pay(customer_client, service, soon)
    far = book_and_pay(customer_client, service, next_slot(service, days_ahead=5))
    mail.outbox.clear()
    assert tasks.send_booking_reminders() == 1
    assert tasks.send_booking_reminders() == 0
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert len(reminders) == 1
    assert reminders[0].attachments[0][0] == "booking.ics"
    far.refresh_from_db()
    assert far.reminder_sent_at is None


def upcoming_starts(service):
    from bookings.service import BookableService

    bookable = BookableService.load(service.pk)
    today = bookable.local_today()
    return [slot.start for slot in bookable.free_slots(today, today + timedelta(days=1))]


def test_calendar_download(customer_client, customer, service):
    booking = book_and_pay(customer_client, service, next_slot(service), email=customer.email)
    response = customer_client.get(reverse("bookings:ics", kwargs={"reference": booking.reference}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    assert b"BEGIN:VCALENDAR" in response.content


def test_refund_through_stripe_when_paid_by_card(stripe_fake, customer_client, service, open_venue):
    start = next_slot(service, days_ahead=3)
    hold(customer_client, service, start)
    go_to_preview(customer_client)
    response = customer_client.post(reverse("checkout:stripe-prepare"))
    assert response.status_code == 200, response.content
    intent_id = response.json()["client_secret"].split("_secret")[0]
    stripe_fake.succeed(intent_id)
    customer_client.get(reverse("checkout:stripe-return"), {"payment_intent": intent_id})
    booking = Booking.objects.get(status=Booking.Status.CONFIRMED)
    cancel(customer_client, booking)
    assert stripe_fake.refunded(intent_id) == 6000
    booking.refresh_from_db()
    assert booking.refunded_amount == PRICE_WITH_TAX


def test_a_failed_card_payment_releases_the_hold(stripe_fake, client, service):
    hold(client, service, next_slot(service))
    go_to_preview(client)
    intent_id = (
        client.post(reverse("checkout:stripe-prepare")).json()["client_secret"].split("_secret")[0]
    )
    intent = stripe_fake.decline(intent_id)
    post_webhook(client, stripe_fake.event("payment_intent.payment_failed", intent))
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CANCELLED
    assert Booking.objects.occupying().count() == 0


def test_an_order_holding_bookings_is_cancelled_booking_by_booking(customer_client, service):
    booking = book_and_pay(customer_client, service, soonest_slot(service))
    order = booking.order_line.order
    response = customer_client.post(reverse("order-cancel", args=[order.number]), follow=True)
    assert "cancel them under My bookings" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "Paid"
    assert not order.payment_events.filter(event_type__code="refunded").exists()


@pytest.mark.alone  # query counts and limits other workers' traffic upsets (pyproject)
def test_my_bookings_query_count_does_not_grow(
    customer_client, customer, service, django_assert_max_num_queries
):
    book_and_pay(customer_client, service, next_slot(service), email=customer.email)
    with django_assert_max_num_queries(20) as few:
        customer_client.get(reverse("bookings:mine"))
    one_booking = len(few.captured_queries)
    for days in (2, 3, 4, 5):
        book_and_pay(customer_client, service, next_slot(service, days_ahead=days))
    with django_assert_max_num_queries(one_booking):
        response = customer_client.get(reverse("bookings:mine"))
    assert len(response.context["upcoming"]) == 5


def test_a_payment_provider_outage_while_cancelling_changes_nothing(
    customer_client, service, monkeypatch
):
    import stripe

    from shop.order import refunds

    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))

    def down(*args, **kwargs):
        raise stripe.APIConnectionError("Stripe is unreachable")

    monkeypatch.setattr(refunds, "take_back_payment", down)  # after the commit, no lock held
    response = cancel(customer_client, booking)
    assert response.status_code == 302
    page = customer_client.get(response["Location"]).content.decode()
    assert "could not reach our payment provider" in page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.refunded_amount == 0


def test_a_service_removed_from_the_shop_keeps_its_bookings(customer_client, service, open_venue):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    service.delete()
    booking.refresh_from_db()
    assert (booking.service, booking.service_name) == (None, "Deep Tissue Massage")
    assert "Deep Tissue Massage" in customer_client.get(reverse("bookings:mine")).content.decode()
    url = reverse("bookings:reschedule", kwargs={"reference": booking.reference})
    assert customer_client.get(url).status_code == 302
    cancel(customer_client, booking)  # the venue's own terms still apply
    booking.refresh_from_db()
    assert (booking.status, booking.refunded_amount) == ("cancelled", PRICE_WITH_TAX)


def start_card_payment(client, service, start):
    hold(client, service, start)
    go_to_preview(client)
    response = client.post(reverse("checkout:stripe-prepare"))
    assert response.status_code == 200, response.content
    return response.json()["client_secret"].split("_secret")[0]


def test_paying_again_for_a_slot_taken_after_a_declined_card_is_a_clear_409(
    stripe_fake, client, service
):
    start = next_slot(service)
    intent_id = start_card_payment(client, service, start)
    post_webhook(
        client, stripe_fake.event("payment_intent.payment_failed", stripe_fake.decline(intent_id))
    )
    hold(client.__class__(), service, start)  # someone else takes the freed place
    response = client.post(reverse("checkout:stripe-prepare"))
    assert response.status_code == 409
    assert "is no longer available" in response.json()["error"]


def test_a_slot_lost_while_paying_by_card_is_refunded_not_double_booked(
    stripe_fake, client, service, django_capture_on_commit_callbacks
):
    start = next_slot(service)
    intent_id = start_card_payment(client, service, start)
    Booking.objects.update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    hold(client.__class__(), service, start)  # the lapsed hold's place goes to someone else
    stripe_fake.succeed(intent_id)
    with django_capture_on_commit_callbacks(execute=True):  # the refund goes after the commit
        response = client.get(reverse("checkout:stripe-return"), {"payment_intent": intent_id})
    assert response.status_code == 302
    assert not Order.objects.exists()
    assert stripe_fake.refunded(intent_id) == 6000
    assert Booking.objects.occupying().count() == 1
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 0
