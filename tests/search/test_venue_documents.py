"""Venue pages become documents with their place, weekly hours, category and tags."""

from datetime import time
from decimal import Decimal as D

import pytest
from wagtail.models import Page

from search.kinds.venues import weekly_minutes
from search.models import SearchDocument
from search.query import SearchQuery
from venues.models import OpeningHours, VenueCategory, VenueIndexPage, VenuePage

from .conftest import when

pytestmark = pytest.mark.django_db


class Row:
    def __init__(self, weekday, opens, closes):
        self.weekday, self.opens, self.closes = weekday, time(*opens), time(*closes)


@pytest.fixture
def venue(home_page, on_commit):
    with on_commit():
        index = home_page.add_child(instance=VenueIndexPage(title="Venues", slug="venues"))
        category = VenueCategory.objects.create(name="Spa", slug="spa")
        venue = VenuePage(
            title="Saltwater Spa",
            summary="Sea-water pools and massage",
            city="Brighton",
            category=category,
            latitude=D("50.8225"),
            longitude=D("-0.1372"),
            timezone="Europe/London",
            opening_hours=[OpeningHours(weekday=0, opens=time(9), closes=time(17))],
        )
        index.add_child(instance=venue)
        venue.tags.add("massage")
        venue.save_revision().publish()
    return venue


def test_a_published_venue_is_indexed_with_its_place_and_hours(venue, settings):
    from search.engines import get_engine

    document = SearchDocument.objects.get(key=f"venue:{venue.pk}")
    assert (document.city, document.latitude, document.longitude) == ("Brighton", 50.8225, -0.1372)
    assert document.categories == ["Spa"] and document.tags == ["massage"]
    assert list(document.opening_periods.values_list("opens", "closes")) == [(540, 1020)]
    monday_10am = SearchQuery(open_now=True, now=when(2024, 3, 4, 10))
    assert [hit.key for hit in get_engine().search(monday_10am).hits] == [f"venue:{venue.pk}"]


def test_changed_hours_reindex_the_venue(venue, on_commit):
    with on_commit():
        OpeningHours.objects.create(venue=venue, weekday=1, opens=time(22), closes=time(2))
    document = SearchDocument.objects.get(key=f"venue:{venue.pk}")
    assert list(document.opening_periods.values_list("opens", "closes")) == [
        (540, 1020),
        (1440 + 22 * 60, 1440 + 26 * 60),
    ]


def test_unpublished_venue_leaves_the_index(venue, on_commit):
    with on_commit():
        Page.objects.get(pk=venue.pk).specific.unpublish()
    assert not SearchDocument.objects.filter(key=f"venue:{venue.pk}").exists()


def test_hours_past_midnight_on_sunday_wrap_to_monday(settings):
    from zoneinfo import ZoneInfo

    settings.TIME_ZONE = "Europe/London"
    periods = weekly_minutes([Row(6, (22, 0), (2, 0))], ZoneInfo("Europe/London"))
    assert periods == [(0, 120), (6 * 1440 + 22 * 60, 7 * 1440)]
