"""Newsletters can go to the people who booked at a venue (and did not cancel)."""

from datetime import timedelta

from django.utils import timezone

from bookings.models import Booking
from marketing.models import MailingList, Subscriber
from marketing.models.newsletters import segment
from tests.marketing.conftest import make_subscriber


def book(venue, service, email, status):
    start = timezone.now() + timedelta(days=2)
    return Booking.objects.create(
        venue=venue,
        service=service,
        email=email,
        start=start,
        end=start + timedelta(hours=1),
        busy_until=start + timedelta(hours=1),
        status=status,
    )


def test_booked_at_a_venue_counts_bookings_that_went_ahead(open_venue, service, make_venue):
    readers = MailingList.objects.create(name="Readers", slug="readers")
    guest = make_subscriber("guest@example.com", readers)
    member = make_subscriber("member@example.com", readers)
    cancelled = make_subscriber("cancelled@example.com", readers)
    make_subscriber("never@example.com", readers)
    book(open_venue, service, "Guest@Example.com", Booking.Status.COMPLETED)
    book(open_venue, service, "member@example.com", Booking.Status.CONFIRMED)
    book(open_venue, service, "cancelled@example.com", Booking.Status.CANCELLED)
    elsewhere = make_venue("Harbour Gym")

    everyone = Subscriber.objects.mailable()
    assert set(segment(everyone, venue=open_venue)) == {guest, member}
    assert cancelled not in segment(everyone, venue=open_venue)
    assert list(segment(everyone, venue=elsewhere)) == []
