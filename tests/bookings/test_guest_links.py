"""A booking's signed link: guests see, move and cancel it; anything else opens nothing."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from bookings.changes import CannotChangeBooking, reschedule_booking
from bookings.links import MANAGE_SALT, email_digest, manage_token
from bookings.models import Booking

from .conftest import book_and_pay, checkout_as_guest, hold, next_slot, place_order, soonest_slot

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

PRICE_WITH_TAX = Decimal("60.00")  # 50.00 + 20% tax


_tokens = {}


def token_of(booking):
    # One token per booking: tokens signed a second apart differ (their timestamps do).
    return _tokens.setdefault(booking.reference, manage_token(booking))


def guest_url(booking, name="detail", token=None):
    return reverse(
        f"bookings:guest-{name}",
        kwargs={"reference": booking.reference, "token": token or token_of(booking)},
    )


@pytest.fixture
def booking(client, service):
    booked = book_and_pay(client, service, next_slot(service, days_ahead=3))
    client.logout()
    client.cookies.clear()  # a fresh visitor: only the link
    return booked


def test_the_confirmation_email_links_to_the_booking(
    client, service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_and_pay(client, service, next_slot(service, days_ahead=3))
    email = next(m for m in mail.outbox if m.subject.startswith("Booking confirmed"))
    url = re.search(r"http://testserver(/bookings/\S+)", email.body).group(1)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert url == guest_url(booking, token=token)
    client.cookies.clear()
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Deep Tissue Massage" in text and "£60.00" in text
    assert guest_url(booking, "cancel", token) in text
    assert guest_url(booking, "reschedule", token) in text


def test_every_booking_email_carries_the_link(booking, django_capture_on_commit_callbacks):
    from bookings.tasks import send_booking_email

    mail.outbox.clear()
    for kind in ("reminder", "rescheduled", "cancelled"):
        send_booking_email(booking.pk, kind)
    assert len(mail.outbox) == 3
    link = re.compile(rf"http://testserver/bookings/{booking.reference}/link/[\w:-]+/")
    assert all(link.search(message.body) for message in mail.outbox)


def test_the_thank_you_page_links_to_the_booking(client, service):
    hold(client, service, next_slot(service, days_ahead=3))
    checkout_as_guest(client)
    place_order(client)
    booking = Booking.objects.get(status=Booking.Status.CONFIRMED)
    page = client.get(reverse("checkout:thank-you"))
    assert f"/bookings/{booking.reference}/link/" in page.content.decode()


def test_a_guest_cancels_by_link_and_gets_the_refund_stated(client, booking):
    confirm = client.get(guest_url(booking, "cancel"))
    assert confirm.status_code == 200
    stated = confirm.context["refund"]
    assert stated == PRICE_WITH_TAX
    assert "You will be refunded <strong>£60.00</strong>" in confirm.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # the page alone changes nothing

    response = client.post(guest_url(booking, "cancel"), {"refund": str(stated)})
    assert response.status_code == 302
    assert response["Location"] == guest_url(booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.refunded_amount == stated
    refunds = booking.order_line.order.payment_events.filter(event_type__code="refunded")
    assert [event.amount for event in refunds] == [stated]


def test_a_late_cancellation_states_and_records_the_venue_share(client, service, open_venue):
    open_venue.late_cancellation_refund_percent = 50
    open_venue.save()
    booking = book_and_pay(client, service, soonest_slot(service))
    confirm = client.get(guest_url(booking, "cancel"))
    assert confirm.context["refund"] == Decimal("30.00")
    text = confirm.content.decode()
    assert "£30.00" in text and "the venue keeps £30.00" in text
    client.post(guest_url(booking, "cancel"), {"refund": str(confirm.context["refund"])})
    booking.refresh_from_db()
    assert (booking.status, booking.refunded_amount) == ("cancelled", Decimal("30.00"))
    refunds = booking.order_line.order.payment_events.filter(event_type__code="refunded")
    assert sum(event.amount for event in refunds) == Decimal("30.00")


def test_a_refund_that_changed_since_the_page_is_confirmed_again(client, service, open_venue):
    open_venue.late_cancellation_refund_percent = 50
    open_venue.save()
    booking = book_and_pay(client, service, soonest_slot(service))
    response = client.post(guest_url(booking, "cancel"), {"refund": "60.00"})
    assert response.status_code == 200
    assert response.context["refund"] == Decimal("30.00")
    assert "has changed" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    refunds = booking.order_line.order.payment_events.filter(event_type__code="refunded")
    assert not refunds.exists()
    junk = client.post(guest_url(booking, "cancel"), {"refund": "lots"})
    assert junk.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_guest_changes_the_time_by_link(client, booking, django_capture_on_commit_callbacks):
    picker = client.get(guest_url(booking, "reschedule"))
    assert picker.status_code == 200
    offered = [time.value for time in picker.context["picker"].times]
    assert booking.start.isoformat() not in offered
    later = booking.start + timedelta(hours=3)
    assert later.isoformat() in offered

    confirm = client.post(guest_url(booking, "reschedule-confirm"), {"start": later.isoformat()})
    assert confirm.status_code == 200
    assert confirm.context["refund"] == Decimal("0.00")
    assert "£0.00" in confirm.content.decode()
    booking.refresh_from_db()
    assert booking.start != later  # confirming is a separate step

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(guest_url(booking, "reschedule"), {"start": later.isoformat()})
    assert moved.status_code == 302
    assert moved["Location"] == guest_url(booking)
    booking.refresh_from_db()
    assert (booking.start, booking.sequence, booking.refunded_amount) == (later, 1, 0)
    notice = next(m for m in mail.outbox if m.subject.startswith("Booking moved"))
    assert f"/bookings/{booking.reference}/link/" in notice.body


def test_the_current_time_is_never_a_new_time(client, booking):
    same = client.post(
        guest_url(booking, "reschedule-confirm"), {"start": booking.start.isoformat()}
    )
    assert same.status_code == 302
    with pytest.raises(CannotChangeBooking, match="already at that time"):
        reschedule_booking(booking, booking.start)
    booking.refresh_from_db()
    assert booking.sequence == 0


def test_an_expired_link_is_a_clear_410(client, booking):
    now = timezone.now()
    start = now - timedelta(days=45)
    Booking.objects.filter(pk=booking.pk).update(
        start=start, end=start + timedelta(hours=1), busy_until=start + timedelta(hours=1)
    )
    for name in ("detail", "cancel", "reschedule", "ics"):
        response = client.get(guest_url(booking, name))
        assert response.status_code == 410, name
        assert "expired" in response.content.decode()


def test_a_link_still_works_for_a_while_after_the_appointment(client, booking):
    start = timezone.now() - timedelta(days=10)
    Booking.objects.filter(pk=booking.pk).update(
        start=start, end=start + timedelta(hours=1), busy_until=start + timedelta(hours=1)
    )
    page = client.get(guest_url(booking))
    assert page.status_code == 200
    assert guest_url(booking, "cancel") not in page.content.decode()


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token: "not-a-token",
        lambda token: token.split(":", 1)[1],
        lambda token: signing.dumps(signing.loads(token, salt=MANAGE_SALT), salt="other.purpose"),
        lambda token: signing.dumps({"b": "x" * 32, "e": "y"}, salt="bookings.links.forged"),
    ],
)
def test_a_forged_link_is_refused_with_403(client, booking, forge):
    response = client.get(guest_url(booking, token=forge(token_of(booking))))
    assert response.status_code == 403
    assert "not valid" in response.content.decode()
    post = client.post(guest_url(booking, "cancel", token=forge(token_of(booking))))
    assert post.status_code == 403
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_manage_token_opens_only_its_purpose():
    token = signing.dumps({"b": "0" * 32, "e": "1"}, salt=MANAGE_SALT)
    with pytest.raises(signing.BadSignature):
        signing.loads(token)  # nor any other salt of the site
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="marketing.unsubscribe")


def test_another_guests_link_opens_nothing(client, service):
    mine = book_and_pay(client, service, next_slot(service, days_ahead=3), email="mine@example.com")
    client.cookies.clear()
    theirs = book_and_pay(
        client, service, next_slot(service, days_ahead=4), email="theirs@example.com"
    )
    client.cookies.clear()
    wrong = guest_url(theirs, "cancel", token=token_of(mine))
    for response in (client.get(wrong), client.post(wrong, {"refund": "60.00"})):
        assert response.status_code == 403
        assert "another booking" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.CONFIRMED


def test_a_link_is_bound_to_the_address_it_went_to(client, booking):
    token = token_of(booking)
    Booking.objects.filter(pk=booking.pk).update(email="someone-else@example.com")
    assert client.get(guest_url(booking, token=token)).status_code == 403
    Booking.objects.filter(pk=booking.pk).update(email="")  # erased
    assert client.get(guest_url(booking, token=token)).status_code == 403
    assert email_digest("Guest@Example.com ") == email_digest("guest@example.com")


def test_the_link_of_a_cancelled_booking_shows_it_and_changes_nothing(client, booking):
    client.post(guest_url(booking, "cancel"), {"refund": "60.00"})
    page = client.get(guest_url(booking))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cancelled" in text and "£60.00" in text
    assert guest_url(booking, "cancel") not in text
    assert client.get(guest_url(booking, "cancel")).status_code == 302
    assert client.get(guest_url(booking, "reschedule")).status_code == 302
    again = client.post(guest_url(booking, "cancel"), {"refund": "60.00"}, follow=True)
    assert again.status_code == 200
    assert "cannot be changed" in again.content.decode()
    assert client.post(guest_url(booking, "cancel"), {"refund": "lots"}).status_code == 302
    refunds = booking.order_line.order.payment_events.filter(event_type__code="refunded")
    assert refunds.count() == 1


def test_the_guest_order_page_points_at_the_booking_links(client, booking):
    order = booking.order_line.order
    kwargs = {"order_number": order.number, "hash": order.verification_hash()}
    # Oscar shows a guest's order once its email is given.
    client.post(reverse("customer:anon-order-form", kwargs=kwargs), {"email": booking.email})
    order_page = client.get(reverse("customer:anon-order", kwargs=kwargs))
    assert order_page.status_code == 200
    assert f"/bookings/{booking.reference}/link/" in order_page.content.decode()
    response = client.post(
        reverse("anon-order-cancel", args=[order.number, order.verification_hash()]), follow=True
    )
    text = response.content.decode()
    assert "cancel each from its booking page" in text
    assert "My bookings" not in text.split("holds bookings")[1][:120]
    order.refresh_from_db()
    assert order.status == "Paid"


def test_a_signed_in_owner_uses_the_same_pages_without_a_token(customer_client, service):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    url = reverse("bookings:cancel", kwargs={"reference": booking.reference})
    confirm = customer_client.get(url)
    assert confirm.status_code == 200
    assert confirm.context["refund"] == PRICE_WITH_TAX
    assert "Yes, cancel this booking" in confirm.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    detail = customer_client.get(
        reverse("bookings:detail", kwargs={"reference": booking.reference})
    )
    assert detail.status_code == 200
