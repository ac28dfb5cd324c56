"""Venue fixtures: an index page, venues with hours, and the people who edit them."""

from datetime import time
from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from demo.venue_images import interior_art
from venues.models import OpeningHours, VenueCategory, VenueIndexPage, VenuePage
from venues.provisioning import grant_venue_permissions

Partner = get_model("partner", "Partner")


@pytest.fixture
def venue_index(home_page):
    index = home_page.add_child(instance=VenueIndexPage(title="Venues", slug="venues"))
    index.save_revision().publish()
    return index


@pytest.fixture
def category(db):
    return VenueCategory.objects.create(name="Spa", slug="spa")


@pytest.fixture
def make_image(db):
    def make(title="Picture", width=64, height=48):
        image = get_image_model()(title=title, file=interior_art(title, width, height))
        image.save()
        return image

    return make


@pytest.fixture
def make_venue(venue_index, category, django_capture_on_commit_callbacks):
    """A published venue open 09:00–17:00 every day unless `hours` says otherwise.

    Made as if committed, so the search index (which listings read) has it too."""

    def make(title="Saltwater Spa", hours=None, publish=True, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return build(title, hours, publish, **fields)

    def build(title, hours, publish, **fields):
        hours = hours if hours is not None else {day: [("09:00", "17:00")] for day in range(7)}
        fields.setdefault("city", "Brighton")
        fields.setdefault("category", category)
        fields.setdefault("latitude", Decimal("50.8225"))
        fields.setdefault("longitude", Decimal("-0.1372"))
        fields.setdefault("timezone", "Europe/London")
        fields.setdefault("partner", Partner.objects.create(name=title))
        venue = VenuePage(
            title=title,
            opening_hours=[
                OpeningHours(weekday=day, opens=to_time(opens), closes=to_time(closes))
                for day, ranges in hours.items()
                for opens, closes in ranges
            ],
            live=publish,
            **fields,
        )
        venue_index.add_child(instance=venue)
        revision = venue.save_revision()
        if publish:
            revision.publish()
        venue.refresh_from_db()
        return venue

    return make


def to_time(text):
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@pytest.fixture
def provider_of(user_factory):
    """A Venue providers account that manages `venue` (as approval sets it up)."""

    def make(venue, username):
        user = user_factory(username=username, roles=["Venue providers"])
        venue.partner.users.add(user)
        grant_venue_permissions(venue, user)
        venue.managers.create(user=user)
        return user

    return make
