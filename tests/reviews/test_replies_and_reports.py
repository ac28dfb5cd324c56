"""A venue's team replies once, publicly, to reviews of their own venue, and may report them."""

import pytest
from django.urls import reverse

from reviews.models import ReviewReport

pytestmark = pytest.mark.django_db


def reply(client, review, words="Thank you for coming!"):
    return client.post(reverse("reviews:reply", args=[review.pk]), {"reply": words})


def test_the_venues_provider_replies_once(client, venue, review_of, provider_of):
    review = review_of(venue, 4)
    client.force_login(provider_of(venue, "venue-owner"))

    assert reply(client, review).status_code == 302
    second = reply(client, review, "And again!")

    assert second.status_code == 403
    review.refresh_from_db()
    assert review.reply == "Thank you for coming!"
    page = client.get(venue.url).content.decode()
    assert "Reply from Tidewater Spa" in page


def test_a_provider_cannot_reply_to_another_venues_review(
    client, venue, make_venue, review_of, provider_of
):
    other_venue = make_venue("Harbour Nails")
    review = review_of(venue, 1)
    client.force_login(provider_of(other_venue, "rival"))

    response = reply(client, review, "Come to us instead")

    assert response.status_code == 403
    review.refresh_from_db()
    assert review.reply == ""


def test_customers_cannot_reply(client, venue, review_of, customer):
    review = review_of(venue, 4)
    client.force_login(customer)
    assert reply(client, review).status_code == 403


def test_the_venue_reports_a_review_of_its_own_venue_only(
    client, venue, make_venue, review_of, provider_of
):
    review = review_of(venue, 1)
    client.force_login(provider_of(make_venue("Harbour Nails"), "rival"))
    url = reverse("reviews:report", args=[review.pk])
    assert client.post(url, {"reason": "Fake"}).status_code == 403

    client.force_login(provider_of(venue, "venue-owner"))
    assert client.post(url, {"reason": "This person never visited us"}).status_code == 302
    assert client.post(url, {"reason": "Again"}).status_code == 302  # one report per person
    assert ReviewReport.objects.get().reason == "This person never visited us"
