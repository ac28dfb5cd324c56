"""Review fixtures: a venue, its customers' bookings (completed or not) and quick reviews."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking
from reviews.changes import ReviewText, submit_review
from tests.venues.conftest import (  # noqa: F401 (the venue fixtures reviews build on)
    category,
    make_image,
    make_venue,
    provider_of,
    venue_index,
)

GOOD_BODY = "Lovely calm room, a careful therapist and tea afterwards. We will be back."


def text(rating=5, body=GOOD_BODY, title="A proper treat", **subs):
    return ReviewText(
        rating=rating,
        service_rating=subs.get("service", rating),
        cleanliness_rating=subs.get("cleanliness", rating),
        value_rating=subs.get("value", rating),
        title=title,
        body=body,
    )


def form_data(rating=5, body=GOOD_BODY, title="A proper treat"):
    return {
        "rating": rating,
        "service_rating": rating,
        "cleanliness_rating": rating,
        "value_rating": rating,
        "title": title,
        "body": body,
    }


@pytest.fixture
def venue(make_venue):  # noqa: F811 (the fixture imported above)
    return make_venue("Tidewater Spa")


@pytest.fixture
def make_booking(db):
    """A booking at `venue` that ended `ended_ago` before now (negative: still to come)."""

    def make(venue, user=None, email="", status=Booking.Status.COMPLETED, ended_ago=None):
        end = timezone.now() - (ended_ago if ended_ago is not None else timedelta(hours=3))
        return Booking.objects.create(
            venue=venue,
            service_title="Deep Tissue Massage",
            user=user,
            email=email or (user.email if user else "guest@example.com"),
            start=end - timedelta(hours=1),
            end=end,
            busy_until=end,
            status=status,
        )

    return make


@pytest.fixture
def customer(user_factory):
    return user_factory(username="mina", first_name="Mina", last_name="Okafor")


@pytest.fixture
def review_of(make_booking, user_factory):
    """A published review of `venue` with `rating` stars by a new customer."""
    counter = iter(range(10_000))

    def make(venue, rating=5, **kwargs):
        user = user_factory(username=f"reviewer{next(counter)}")
        booking = make_booking(venue, user=user)
        return submit_review(booking.pk, text(rating, **kwargs), user=user)

    return make
