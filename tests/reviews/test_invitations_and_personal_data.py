"""The "How was your visit?" email goes once per completed booking, never to suppressed or
declining addresses; a person's export has their reviews and erasure keeps only the stars."""

import io
import json
import re
from datetime import timedelta
from zipfile import ZipFile

import pytest
from django.core import mail

from accounts.consent import record_consent, suppress_email
from accounts.personal_data import build_zip, erase_account
from bookings.models import Booking
from reviews.invitations import REVIEW_REQUESTS
from reviews.models import ANONYMOUS_AUTHOR, ReviewInvitation, VenueReview
from reviews.tasks import send_review_invitations
from venues.models import VenueRating

from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_one_email_per_visit_with_a_link_that_writes_the_review(client, venue, make_booking):
    booking = make_booking(venue, email="guest@example.com")
    make_booking(venue, email="later@example.com", ended_ago=timedelta(minutes=30))  # too soon
    make_booking(venue, email="old@example.com", ended_ago=timedelta(days=30))  # too late
    make_booking(venue, email="no@example.com", status=Booking.Status.NO_SHOW)

    assert send_review_invitations() == 1
    assert send_review_invitations() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guest@example.com"]
    assert "How was your visit to Tidewater Spa?" in message.subject
    link = re.search(r"https?://\S+/reviews/visit/\S+", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.post(path, form_data(5)).status_code == 302
    assert VenueReview.objects.get().booking == booking


def test_suppressed_and_declining_addresses_get_no_email(venue, make_booking, user_factory):
    suppress_email("bounced@example.com", "bounce")
    make_booking(venue, email="bounced@example.com")
    person = user_factory(username="private")
    record_consent(
        purpose=REVIEW_REQUESTS, given=False, text_version="1", source="profile", user=person
    )
    make_booking(venue, user=person)

    assert send_review_invitations() == 0
    assert mail.outbox == []
    assert set(ReviewInvitation.objects.values_list("skipped_reason", flat=True)) == {
        "suppressed",
        "declined",
    }


def test_export_has_the_reviews_and_erasure_keeps_only_the_stars(venue, review_of):
    review = review_of(venue, 2, title="Cold room")
    user = review.user

    with ZipFile(io.BytesIO(build_zip(user))) as archive:
        exported = json.loads(archive.read("venue_reviews.json"))
    assert exported[0]["title"] == "Cold room"
    assert exported[0]["rating"] == 2

    erase_account(user)

    review.refresh_from_db()
    assert (review.user, review.author_name, review.rating) == (None, ANONYMOUS_AUTHOR, 2)
    assert VenueRating.objects.get(venue=venue).total == 2
