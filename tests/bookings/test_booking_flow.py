"""Pick a time, hold it in the basket, pay with the demo method: one confirmed booking."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from bookings import tasks
from bookings.holds import SLOT_OPTION_CODE
from bookings.models import Booking
from tests.shop.conftest import change_quantity

from .conftest import checkout_as_guest, hold, next_slot, place_order

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def test_choosing_a_time_puts_the_slot_in_the_basket_and_holds_it(client, service, settings):
    start = next_slot(service)
    response = hold(client, service, start)
    assert response.status_code == 302
    assert response["Location"] == reverse("basket:summary")
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.HELD
    assert booking.start == start
    expires_in = booking.hold_expires_at - timezone.now()
    assert timedelta(minutes=settings.BOOKING_HOLD_MINUTES - 1) < expires_in
    line = booking.basket_line
    assert line.quantity == 1
    assert line.attributes.get().option.code == SLOT_OPTION_CODE
    basket = client.get(reverse("basket:summary")).content.decode()
    assert "is held for you" in basket
    local = timezone.localtime(start, booking.venue.zone)
    # The slot shows on the line, read as a booking: day and time in the venue's zone.
    assert f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}–" in basket


def test_two_times_of_one_service_are_two_lines(client, service):
    first = next_slot(service)
    hold(client, service, first)
    hold(client, service, first + timedelta(hours=1))
    hold(client, service, first)  # the same time again: still one line, one booking
    assert Booking.objects.count() == 2
    assert Basket.objects.get().num_lines == 2
    assert all(line.quantity == 1 for line in Basket.objects.get().all_lines())


def test_a_taken_slot_gets_a_clear_message_not_an_error(client, service):
    start = next_slot(service)
    hold(client, service, start)
    other = client.__class__()
    response = hold(other, service, start, next_url="/venues/tidewater-spa/")
    assert response.status_code == 302
    assert response["Location"] == "/venues/tidewater-spa/"
    page = other.get(response["Location"], follow=True).content.decode()
    assert "is no longer available" in page
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"service": "x", "start": "2030-01-01T10:00:00+00:00"},
        {"service": "999999", "start": "2030-01-01T10:00:00+00:00"},
        {"service": "1", "start": "tomorrow"},
        {"service": "1", "start": "2030-01-01T10:00:00"},  # no offset
        {},
    ],
)
def test_bad_hold_requests_get_messages(client, service, data):
    response = client.post(reverse("bookings:hold"), data, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert Booking.objects.count() == 0


def test_a_time_outside_the_slots_is_refused(client, service):
    start = next_slot(service) + timedelta(minutes=7)
    response = hold(client, service, start)
    assert response.status_code == 302
    assert Booking.objects.count() == 0


def test_demo_checkout_confirms_the_booking_and_emails_a_calendar_file(
    client, service, django_capture_on_commit_callbacks
):
    start = next_slot(service)
    hold(client, service, start)
    checkout_as_guest(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = place_order(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.order_line.order == order
    assert booking.hold_expires_at is None
    assert booking.email == "guest@example.com"
    confirmation = next(m for m in mail.outbox if m.subject.startswith("Booking confirmed"))
    assert confirmation.to == ["guest@example.com"]
    (name, content, mimetype) = confirmation.attachments[0]
    assert (name, mimetype) == ("booking.ics", "text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text
    assert f"booking-{booking.reference}" in text
    assert start.strftime("%Y%m%dT%H%M%SZ") in text


def test_checkout_start_extends_the_hold(client, service):
    hold(client, service, next_slot(service))
    Booking.objects.update(hold_expires_at=timezone.now() + timedelta(minutes=1))
    checkout_as_guest(client)
    assert Booking.objects.get().hold_expires_at > timezone.now() + timedelta(minutes=10)


def test_a_lapsed_hold_is_taken_again_at_checkout_when_still_free(client, service):
    hold(client, service, next_slot(service))
    Booking.objects.update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.release_expired_holds() == 1
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    checkout_as_guest(client)
    assert Booking.objects.get().status == Booking.Status.HELD
    place_order(client)
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_a_lapsed_hold_whose_slot_was_taken_stops_the_checkout(client, service):
    start = next_slot(service)
    hold(client, service, start)
    Booking.objects.update(hold_expires_at=timezone.now() - timedelta(minutes=1))
    other = client.__class__()
    hold(other, service, start)  # the expired hold does not count: someone else gets it
    response = client.post(
        reverse("checkout:index"),
        {"username": "a@example.com", "options": "anonymous"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "is no longer available" in response.content.decode()
    assert Booking.objects.occupying().count() == 1  # only the other shopper's hold


def test_expired_holds_are_released_by_the_beat_task_and_free_the_slot(client, service):
    start = next_slot(service)
    hold(client, service, start)
    Booking.objects.update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    assert tasks.release_expired_holds() == 1
    assert tasks.release_expired_holds() == 0
    booking = Booking.objects.get()
    assert (booking.status, booking.cancellation_reason) == ("cancelled", "Hold expired")


def test_removing_the_line_or_expiring_the_basket_releases_the_hold(client, service, settings):
    from shop.tasks import expire_stale_baskets

    hold(client, service, next_slot(service))
    get_model("basket", "Line").objects.filter(date_updated__isnull=False).update(
        date_updated=timezone.now() - timedelta(hours=settings.SHOP_BASKET_EXPIRY_HOURS + 1)
    )
    Basket.objects.update(date_created=timezone.now() - timedelta(days=2))
    assert expire_stale_baskets() >= 1
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.basket_line is None


def test_a_service_line_with_quantity_two_is_refused_at_checkout(client, service):
    hold(client, service, next_slot(service))
    Basket.objects.get().all_lines().update(quantity=2)
    response = client.post(
        reverse("checkout:index"),
        {"username": "a@example.com", "options": "anonymous"},
        follow=True,
    )
    assert "one place per line" in response.content.decode()


def test_the_basket_keeps_a_booked_line_at_one_place(client, service):
    hold(client, service, next_slot(service))
    line = Basket.objects.get().all_lines()[0]
    response = change_quantity(client, line, 2)
    assert response.status_code == 200
    assert "A booked time holds one place" in str(response.context["formset"].errors)
    line.refresh_from_db()
    assert line.quantity == 1


def test_a_service_added_without_a_time_cannot_be_checked_out(client, service, customer):
    client.force_login(customer)
    response = client.post(
        reverse("basket:add", kwargs={"pk": service.pk}), {"quantity": 1}, follow=True
    )
    assert "choose a time on its page" in response.content.decode()  # refused when added
    # A line already in a basket without its time (stored before the add was refused).
    basket = Basket.objects.get(owner=customer, status=Basket.OPEN)
    basket.lines.create(
        product=service,
        stockrecord=service.stockrecords.get(),
        quantity=1,
        line_reference=f"{service.pk}_untimed",
        price_currency="GBP",
    )
    response = client.get(reverse("checkout:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "Deep Tissue Massage is booked, not bought as it is" in response.content.decode()
