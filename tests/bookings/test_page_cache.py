# ruff: noqa: F811 (fixtures imported from the bookings and venues tests are used by name)
"""Venue pages in the anonymous page cache: free times and hours are never stale."""

from datetime import time

import pytest
from django.test import Client

from bookings.holds import release_holds
from bookings.models import Booking
from tests.bookings.conftest import (  # noqa: F401 (fixtures)
    hold,
    make_service,
    next_slot,
    open_venue,
    service,
)
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401
from venues.models import OpeningHours

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_venue_page_is_served_from_the_cache(client, open_venue, service):
    assert client.get(open_venue.url)["X-Page-Cache"] == "miss"
    assert Client().get(open_venue.url)["X-Page-Cache"] == "hit"


def test_a_hold_and_its_release_show_at_once(client, open_venue, service, on_commit):
    client.get(open_venue.url)
    shopper = Client()
    with on_commit():
        assert hold(shopper, service, next_slot(service)).status_code == 302
    assert Client().get(open_venue.url)["X-Page-Cache"] == "miss"
    assert Client().get(open_venue.url)["X-Page-Cache"] == "hit"
    with on_commit():
        assert release_holds(Booking.objects.filter(service=service), "Basket emptied") == 1
    assert Client().get(open_venue.url)["X-Page-Cache"] == "miss"


def test_new_opening_hours_show_at_once(client, make_venue, on_commit):
    venue = make_venue("Harbour Sauna")
    assert "09:00" in client.get(venue.url).content.decode()
    with on_commit():
        venue.opening_hours = [
            OpeningHours(weekday=day, opens=time(7, 30), closes=time(17)) for day in range(7)
        ]
        venue.save_revision().publish()
    html = Client().get(venue.url).content.decode()
    assert "07:30" in html and "09:00" not in html


def test_venue_index_lists_a_new_venue_at_once(client, make_venue, venue_index):
    make_venue("Harbour Sauna")
    client.get(venue_index.url)
    assert Client().get(venue_index.url)["X-Page-Cache"] == "hit"
    make_venue("Lighthouse Baths")  # published and indexed as committed
    assert "Lighthouse Baths" in Client().get(venue_index.url).content.decode()
