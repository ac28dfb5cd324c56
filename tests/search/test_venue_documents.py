"""Venue pages become documents with their place, openings, category and tags."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import Page

from search.engines import get_engine
from search.kinds.venues import upcoming_openings
from search.models import SearchDocument
from search.query import SearchQuery
from venues.models import (
    HoursException,
    OpeningHours,
    VenueCategory,
    VenueIndexPage,
    VenuePage,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def coming(weekday) -> date:
    """The next `weekday` (0 = Monday) after today: inside every venue's indexed window."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def at(day, hour, zone=LONDON):
    return datetime.combine(day, time(hour), tzinfo=zone)


def open_at(moment):
    return [hit.key for hit in get_engine().search(SearchQuery(open_now=True, now=moment)).hits]


def stored_periods(venue):
    document = SearchDocument.objects.get(key=f"venue:{venue.pk}")
    return [
        tuple(datetime.fromisoformat(instant) for instant in period)
        for period in document.open_periods
    ]


@pytest.fixture
def make_venue(home_page, on_commit):
    index = home_page.add_child(instance=VenueIndexPage(title="Venues", slug="venues"))

    def make(title="Saltwater Spa", zone="Europe/London", hours=((0, 9, 17),)):
        with on_commit():
            category, _ = VenueCategory.objects.get_or_create(name="Spa", slug="spa")
            venue = VenuePage(
                title=title,
                summary="Sea-water pools and massage",
                city="Brighton",
                category=category,
                latitude=D("50.8225"),
                longitude=D("-0.1372"),
                timezone=zone,
                opening_hours=[
                    OpeningHours(weekday=weekday, opens=time(opens), closes=time(closes))
                    for weekday, opens, closes in hours
                ],
            )
            index.add_child(instance=venue)
            venue.tags.add("massage")
            venue.save_revision().publish()
        return venue

    return make


@pytest.fixture
def venue(make_venue):
    return make_venue()


def test_a_published_venue_is_indexed_with_its_place_and_openings(venue):
    document = SearchDocument.objects.get(key=f"venue:{venue.pk}")
    assert (document.city, document.latitude, document.longitude) == ("Brighton", 50.8225, -0.1372)
    assert document.categories == ["Spa"] and document.tags == ["massage"]
    monday = coming(0)
    assert (at(monday, 9), at(monday, 17)) in stored_periods(venue)
    assert open_at(at(monday, 10)) == [f"venue:{venue.pk}"]
    assert open_at(at(monday, 17)) == []
    assert open_at(at(monday + timedelta(days=1), 10)) == []


def test_changed_hours_reindex_the_venue(venue, on_commit):
    with on_commit():
        OpeningHours.objects.create(venue=venue, weekday=1, opens=time(22), closes=time(2))
    tuesday = coming(1)
    assert (at(tuesday, 22), at(tuesday + timedelta(days=1), 2)) in stored_periods(venue)
    assert open_at(at(tuesday + timedelta(days=1), 1)) == [f"venue:{venue.pk}"]


def test_dated_exceptions_close_or_open_the_venue(venue, on_commit):
    monday, tuesday = coming(0), coming(1)
    with on_commit():
        HoursException.objects.create(venue=venue, date=monday, label="Staff training")
        HoursException.objects.create(
            venue=venue, date=tuesday, label="Late opening", opens=time(18), closes=time(21)
        )
    assert open_at(at(monday, 10)) == []
    assert open_at(at(tuesday, 19)) == [f"venue:{venue.pk}"]


def test_openings_are_in_the_venues_own_time_zone(make_venue):
    new_york = ZoneInfo("America/New_York")
    venue = make_venue(title="Hudson Baths", zone="America/New_York")
    monday = coming(0)
    assert open_at(at(monday, 10, new_york)) == [f"venue:{venue.pk}"]
    assert open_at(at(monday, 8, new_york)) == []  # already past 9 in London


def test_the_window_starts_yesterday_so_last_nights_opening_counts(make_venue):
    venue = make_venue(hours=((6, 22, 2),))  # Sunday 22:00 to Monday 02:00
    monday = coming(0)
    periods = upcoming_openings(venue, now=at(monday, 1))
    assert periods[0] == (at(monday - timedelta(days=1), 22), at(monday, 2))
    assert all(start.tzinfo == UTC for start, _end in periods)


def test_unpublished_venue_leaves_the_index(venue, on_commit):
    with on_commit():
        Page.objects.get(pk=venue.pk).specific.unpublish()
    assert not SearchDocument.objects.filter(key=f"venue:{venue.pk}").exists()
