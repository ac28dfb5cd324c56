"""Products become documents that say whether they can be bought now and, for a venue's
services, which venue offers them; venues keep service and team names out of their text."""

from datetime import time
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from search.kinds.products import ProductDocument
from search.models import SearchDocument, SearchWord
from venues.models import OpeningHours, TeamMember, VenueIndexPage, VenuePage

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
SERVICE_CLASS = "Venue service"  # made by the venues app's migrations, stock not tracked


def stored(product_or_venue, kind="product"):
    return SearchDocument.objects.get(key=f"{kind}:{product_or_venue.pk}")


@pytest.fixture
def spa(home_page, on_commit):
    """A live venue run by its own partner, with one team member."""
    index = home_page.add_child(instance=VenueIndexPage(title="Venues", slug="venues"))
    with on_commit():
        venue = VenuePage(
            title="Saltwater Spa",
            summary="Sea-water pools by the pier",
            city="Brighton",
            partner=Partner.objects.create(name="Saltwater Spa"),
            opening_hours=[OpeningHours(weekday=0, opens=time(9), closes=time(17))],
        )
        index.add_child(instance=venue)
        venue.save_revision().publish()
        TeamMember.objects.create(venue=venue, name="Amira Haddad", role="Founder")
    return venue


def test_in_stock_and_out_of_stock_products(on_commit, home_page):
    with on_commit():
        lantern = create_product(title="Storm lantern", price=D("30.00"), num_in_stock=3)
        mug = create_product(title="Harbour mug", price=D("9.00"), num_in_stock=0)
        unpriced = create_product(title="Driftwood frame")
    assert stored(lantern).available is True
    assert stored(mug).available is False
    assert stored(unpriced).available is False
    with on_commit():
        StockRecord.objects.filter(product=mug).update(num_in_stock=5)
        StockRecord.objects.get(product=mug).save()  # as a stock change in the dashboard
    assert stored(mug).available is True


def test_a_parent_is_available_when_a_variant_is(on_commit, home_page):
    with on_commit():
        parent = create_product(title="Linen apron", structure="parent")
        create_product(title="Small", parent=parent, price=D("20.00"), num_in_stock=0)
        large = create_product(title="Large", parent=parent, price=D("22.00"), num_in_stock=0)
    assert stored(parent).available is False
    with on_commit():
        record = StockRecord.objects.get(product=large)
        record.num_in_stock = 2
        record.save()
    assert stored(parent).available is True


def test_a_service_carries_its_venue_and_follows_a_rename(spa, on_commit):
    with on_commit():
        service = create_product(
            title="Hot stone massage",
            product_class=SERVICE_CLASS,
            partner_name="Saltwater Spa",
            price=D("85.00"),
        )
    document = stored(service)
    assert (document.venue, document.available) == ("Saltwater Spa", True)
    assert "Saltwater Spa" in document.keywords  # found by its venue's name
    with on_commit():
        spa.title = "Saltwater Spa & Baths"
        spa.save_revision().publish()
    assert stored(service).venue == "Saltwater Spa & Baths"


def test_a_venues_services_and_team_find_it_but_are_not_its_text(spa, on_commit):
    with on_commit():
        create_product(
            title="Hot stone massage",
            product_class=SERVICE_CLASS,
            partner_name="Saltwater Spa",
            price=D("85.00"),
        )
        spa.save_revision().publish()
    document = stored(spa, kind="venue")
    assert "Hot stone massage" in document.keywords and "Amira Haddad" in document.keywords
    assert "Amira" not in document.body and "Hot stone" not in document.body
    assert document.summary == "Sea-water pools by the pier"


def test_indexing_products_keeps_its_query_count(on_commit, home_page):
    with on_commit():
        for number in range(3):
            create_product(title=f"Mug {number}", price=D("5.00"), num_in_stock=1)
    definition = ProductDocument()
    with CaptureQueriesContext(connection) as few:
        list(definition.documents())
    with on_commit():
        for number in range(3, 12):
            create_product(title=f"Mug {number}", price=D("5.00"), num_in_stock=1)
    with CaptureQueriesContext(connection) as many:
        list(definition.documents())
    assert len(many) == len(few)


def test_the_vocabulary_follows_what_is_indexed(on_commit, home_page):
    with on_commit():
        lantern = create_product(title="Storm lantern", price=D("30.00"), num_in_stock=3)
        create_product(title="Brass lantern", price=D("40.00"), num_in_stock=3)
    assert SearchWord.objects.get(word="lantern").documents == 2
    with on_commit():
        lantern.title = "Storm lamp"
        lantern.save()
    assert SearchWord.objects.get(word="lantern").documents == 1
    assert SearchWord.objects.get(word="lamp").documents == 1
    with on_commit():
        lantern.delete()
    assert not SearchWord.objects.filter(word__in=["lamp", "storm"]).exists()
