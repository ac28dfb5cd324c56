"""Posting and reporting reviews are rate limited like the site's other forms (429 page)."""

import pytest
from django.urls import reverse

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tight_limits(settings):
    settings.RATE_LIMITS = {"review_post": "2/h", "review_report": "2/h"}


def test_posting_reviews_is_rate_limited(client, venue, make_booking, customer):
    client.force_login(customer)
    bookings = [make_booking(venue, user=customer) for _ in range(3)]
    answers = [
        client.post(reverse("reviews:write", args=[b.reference]), form_data(body="x")).status_code
        for b in bookings
    ]
    assert answers[:2] == [400, 400]  # counted even when the form is wrong
    assert answers[2] == 429
    assert client.get(reverse("reviews:write", args=[bookings[2].reference])).status_code == 200


def test_reporting_reviews_is_rate_limited(client, venue, review_of, provider_of):
    reviews = [review_of(venue, 1) for _ in range(3)]
    client.force_login(provider_of(venue, "venue-owner"))
    answers = [
        client.post(reverse("reviews:report", args=[r.pk]), {"reason": "Fake"}).status_code
        for r in reviews
    ]
    assert answers == [302, 302, 429]
