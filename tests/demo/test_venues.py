"""The venues part of seed_demo: enough venues to browse, and safe to run twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from oscar.core.loading import get_model

from demo.home import DEMO_PASSWORD
from demo.venues import PROVIDER_EMAILS
from venues.models import HoursException, VenueIndexPage, VenueManager, VenuePage
from venues.services import VENUE_SERVICE_CLASS

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def seed():
    call_command("seed_demo", verbosity=0, stdout=StringIO(), domain="127.0.0.1:8000")


def counts():
    return {
        "venues": VenuePage.objects.count(),
        "services": Product.objects.filter(product_class__slug=VENUE_SERVICE_CLASS).count(),
        "stock": StockRecord.objects.count(),
        "managers": VenueManager.objects.count(),
        "exceptions": HoursException.objects.count(),
    }


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    seed()
    return counts()


def test_running_again_creates_nothing_new(seeded):
    seed()

    assert counts() == seeded


def check_enough_published_venues_in_enough_cities():
    venues = VenuePage.objects.live()
    index = VenueIndexPage.objects.get()
    assert index.slug == "venues" and index.show_in_menus and index.live
    assert venues.count() >= 24
    assert venues.values("city").distinct().count() >= 4
    assert all(venue.location for venue in venues)
    assert all(venue.category_id and venue.hero_image_id for venue in venues)


def check_every_venue_has_hours_with_a_closed_day_team_faqs_and_services():
    for venue in VenuePage.objects.all():
        schedule = venue.schedule
        assert len(schedule.weekly) < 7, venue  # at least one closed day
        assert schedule.exceptions, venue
        assert 2 <= venue.team_members.count() <= 5
        assert 3 <= venue.faqs.count() <= 5
        services = venue.services()
        assert 2 <= len(services) <= 5
        assert all(service.price and service.duration_minutes for service in services)


def check_first_venues_have_providers_who_can_sign_in():
    managers = VenueManager.objects.select_related("user", "venue").order_by("venue__path")
    assert [manager.user.email for manager in managers] == PROVIDER_EMAILS
    for manager in managers:
        assert manager.user.check_password(DEMO_PASSWORD)
        assert manager.venue.partner.users.filter(pk=manager.user_id).exists()
        assert manager.user.groups.filter(name__startswith="Venue: ").count() == 1


def check_partners_own_only_their_services():
    per_partner = (
        StockRecord.objects.filter(product__product_class__slug=VENUE_SERVICE_CLASS)
        .values("partner")
        .annotate(n=Count("id"))
    )
    assert len(per_partner) == VenuePage.objects.count()


def test_demo_venues_are_complete(seeded):
    # One seeding for every check: building the demo takes several seconds.
    check_enough_published_venues_in_enough_cities()
    check_every_venue_has_hours_with_a_closed_day_team_faqs_and_services()
    check_first_venues_have_providers_who_can_sign_in()
    check_partners_own_only_their_services()
