"""Only the customer of a visit that took place reviews it, once, and never its own venue's team;
guests through a signed link that can be neither forged nor used too late."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from bookings.models import Booking
from reviews.links import review_path
from reviews.models import VenueReview

from .conftest import form_data

pytestmark = pytest.mark.django_db


def write_url(booking):
    return reverse("reviews:write", kwargs={"reference": booking.reference})


def test_the_customer_of_a_completed_visit_reviews_it(client, venue, make_booking, customer):
    booking = make_booking(venue, user=customer)
    client.force_login(customer)
    assert client.get(write_url(booking)).status_code == 200

    response = client.post(write_url(booking), form_data(4))

    assert response.status_code == 302
    review = VenueReview.objects.get(booking=booking)
    assert (review.user, review.venue_id, review.rating) == (customer, venue.pk, 4)
    assert review.status == VenueReview.Status.PUBLISHED
    assert review.author_name == "Mina O."
    venue.rating.refresh_from_db()
    assert venue.rating.count == 1


@pytest.mark.parametrize(
    "status", [Booking.Status.CONFIRMED, Booking.Status.CANCELLED, Booking.Status.NO_SHOW]
)
def test_only_completed_visits_can_be_reviewed(client, venue, make_booking, customer, status):
    booking = make_booking(venue, user=customer, status=status)
    client.force_login(customer)

    response = client.post(write_url(booking), form_data())

    assert response.status_code == 403
    assert "once it has taken place" in response.content.decode()
    assert not VenueReview.objects.exists()


def test_not_before_the_appointment_has_ended(client, venue, make_booking, customer):
    # Marked completed while still under way (a venue may mark it once it has started).
    booking = make_booking(venue, user=customer, ended_ago=-timedelta(minutes=20))
    client.force_login(customer)

    assert client.post(write_url(booking), form_data()).status_code == 403
    assert not VenueReview.objects.exists()


def test_one_review_per_booking(client, venue, make_booking, customer):
    booking = make_booking(venue, user=customer)
    client.force_login(customer)
    client.post(write_url(booking), form_data(5))

    again = client.post(write_url(booking), form_data(1))

    assert again.status_code == 403
    assert "already reviewed" in again.content.decode()
    assert VenueReview.objects.get().rating == 5


def test_a_venue_manager_cannot_review_their_own_venue(client, venue, make_booking, provider_of):
    provider = provider_of(venue, "venue-owner")
    booking = make_booking(venue, user=provider)
    client.force_login(provider)

    response = client.post(write_url(booking), form_data(5))

    assert response.status_code == 403
    assert "venue you manage" in response.content.decode()
    assert not VenueReview.objects.exists()


def test_a_manager_cannot_review_as_a_guest_with_their_address(
    client, venue, make_booking, provider_of
):
    provider = provider_of(venue, "venue-owner")
    booking = make_booking(venue, email=provider.email.upper())

    response = client.post(review_path(booking), form_data(5))

    assert response.status_code == 403
    assert not VenueReview.objects.exists()


def test_someone_elses_booking_is_not_found(client, venue, make_booking, customer, user_factory):
    booking = make_booking(venue, user=customer)
    client.force_login(user_factory(username="stranger"))

    assert client.post(write_url(booking), form_data()).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, venue, make_booking, customer):
    booking = make_booking(venue, user=customer)
    response = client.get(write_url(booking))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_guest_reviews_through_the_signed_link(client, venue, make_booking):
    booking = make_booking(venue, email="guest@example.com")

    assert client.get(review_path(booking)).status_code == 200
    response = client.post(review_path(booking), form_data(3))

    assert response.status_code == 302
    review = VenueReview.objects.get(booking=booking)
    assert (review.user, review.rating, review.author_name) == (None, 3, "Verified customer")


def test_an_expired_link_is_refused(client, venue, make_booking, settings):
    settings.REVIEW_LINK_MAX_AGE_DAYS = 30
    booking = make_booking(venue, ended_ago=timedelta(days=31))

    response = client.post(review_path(booking), form_data())

    assert response.status_code == 410
    assert not VenueReview.objects.exists()


def test_a_forged_or_borrowed_link_is_refused(client, venue, make_booking):
    booking = make_booking(venue, email="guest@example.com")
    other = make_booking(venue, email="other@example.com")
    base = reverse("reviews:write-by-link", kwargs={"reference": booking.reference, "token": "x"})
    forged = base.replace("/link/x/", "/link/not-a-signature/")
    # A real link of another booking, or a signature under another salt, opens nothing here.
    borrowed = review_path(other).replace(str(other.reference), str(booking.reference))
    other_salt = signing.dumps({"b": booking.reference.hex, "e": "x"}, salt="bookings.links.manage")
    wrong_salt = base.replace("/link/x/", f"/link/{other_salt}/")

    for url in (forged, borrowed, wrong_salt):
        response = client.post(url, form_data())
        assert response.status_code == 403, url
    assert not VenueReview.objects.exists()


def test_a_link_stops_working_when_the_bookings_address_changes(client, venue, make_booking):
    booking = make_booking(venue, email="guest@example.com")
    path = review_path(booking)
    Booking.objects.filter(pk=booking.pk).update(email="")  # erasure blanks it

    assert client.get(path).status_code == 403
