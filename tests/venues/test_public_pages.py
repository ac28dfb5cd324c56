"""The venue page and the venue index as visitors see them."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from tests.factories import create_product
from venues.models import HoursException, TeamMember, VenueFAQ, VenueGalleryImage, VenuePage
from venues.services import DURATION_ATTRIBUTE, VENUE_SERVICE_CLASS

pytestmark = pytest.mark.django_db

ProductClass = get_model("catalogue", "ProductClass")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
StockRecord = get_model("partner", "StockRecord")

VENUE_PAGE_MAX_QUERIES = 18  # with the rating summary and the latest reviews
INDEX_MAX_QUERIES = 15


def add_service(venue, title, price, minutes):
    service_class = ProductClass.objects.get(slug=VENUE_SERVICE_CLASS)
    product = create_product(
        title=title,
        product_class=service_class,
        partner_name=venue.partner.name,
        price=Decimal(price),
    )
    StockRecord.objects.filter(product=product).update(partner=venue.partner)
    ProductAttributeValue.objects.create(
        product=product,
        attribute=service_class.attributes.get(code=DURATION_ATTRIBUTE),
        value_integer=minutes,
    )
    return product


@pytest.fixture
def rich_venue(make_venue, make_image):
    """A venue with everything on it: pictures, team, FAQs, exceptions, services."""

    def make(title="Saltwater Spa", people=5, pictures=6, **fields):
        venue = make_venue(
            title=title,
            hero_image=make_image(f"{title} hero", 320, 200),
            summary="Pools, steam and treatments.",
            street_address="1 Harbour Street",
            postcode="BN1 1AA",
            phone="01234 567890",
            email="hello@example.com",
            website="https://spa.example.com/",
            price_level=3,
            amenities=["wifi", "towels"],
            cancellation_policy="Free cancellation up to a day before.",
            gallery_images=[
                VenueGalleryImage(image=make_image(f"{title} {n}"), caption=f"Room {n}")
                for n in range(pictures)
            ],
            team_members=[
                TeamMember(name=f"Person {n}", role="Therapist", photo=make_image(f"P{n}"))
                for n in range(people)
            ],
            faqs=[VenueFAQ(question=f"Question {n}?", answer="Yes.") for n in range(5)],
            hours_exceptions=[
                HoursException(date=date.today() + timedelta(days=10), label="Christmas")
            ],
            **fields,
        )
        venue.tags.add("sauna", "massage")
        venue.save_revision().publish()
        add_service(venue, "Deep tissue massage", "60.00", 60)
        add_service(venue, "Spa day", "95.50", 240)
        return VenuePage.objects.get(pk=venue.pk)

    return make


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_venue_page_shows_everything(client, rich_venue):
    venue = rich_venue()

    response = client.get(venue.url)

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Saltwater Spa", "Deep tissue massage", "£72.00", "1 h", "Spa day", "4 h", "Person 4",
        "Question 4?", "Free cancellation", "Opening hours", "01234 567890", "Free Wi-Fi",
        "Christmas", 'aria-current="date"', "<details", "data-venue-map",
    ):  # fmt: skip
        assert text in html, text
    assert "image/avif" in html and "image/webp" in html and 'loading="lazy"' in html


def test_json_ld_is_a_local_business_with_geo_and_hours(client, rich_venue):
    venue = rich_venue()

    data = json_ld(client.get(venue.url))

    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Saltwater Spa"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 50.8225, "longitude": -0.1372}
    assert data["address"]["addressLocality"] == "Brighton"
    assert data["url"].endswith(venue.url)
    assert data["priceRange"] == "£££"
    days = {spec.get("dayOfWeek") for spec in data["openingHoursSpecification"]}
    assert "https://schema.org/Monday" in days
    monday = next(
        s for s in data["openingHoursSpecification"] if s.get("dayOfWeek", "").endswith("Monday")
    )
    assert (monday["opens"], monday["closes"]) == ("09:00", "17:00")
    dated = [spec for spec in data["openingHoursSpecification"] if "validFrom" in spec]
    assert [(spec["opens"], spec["closes"]) for spec in dated] == [("00:00", "00:00")]
    # The shopper's price: 95.50 on the stock record + 20% tax (the shop's price policy).
    assert (data["makesOffer"][1]["price"], data["makesOffer"][1]["priceCurrency"]) == (
        "114.60",
        "GBP",
    )
    assert [offer["name"] for offer in data["makesOffer"]] == ["Deep tissue massage", "Spa day"]


def test_json_ld_cannot_be_broken_out_of(client, rich_venue):
    venue = rich_venue(title="Spa </script><script>alert(1)</script>")

    response = client.get(venue.url)

    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld(response)["name"].startswith("Spa </script>")


def test_open_graph_tags(client, rich_venue):
    venue = rich_venue()

    html = client.get(venue.url).content.decode()

    assert '<meta property="og:title" content="Saltwater Spa">' in html
    assert '<meta property="og:description" content="Pools, steam and treatments.">' in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/images/[^"]+1200x630', html
    )


def test_venue_page_query_count_is_bounded(client, rich_venue, django_assert_max_num_queries):
    small = rich_venue(title="Small", people=1, pictures=1)
    large = rich_venue(title="Large", people=5, pictures=12)
    client.get(small.url), client.get(large.url)  # renditions are made on the first view

    for venue in (small, large):
        with django_assert_max_num_queries(VENUE_PAGE_MAX_QUERIES):
            assert client.get(venue.url).status_code == 200


def test_index_query_count_does_not_grow_with_venues(
    client, make_venue, make_image, venue_index, django_assert_max_num_queries
):
    for number in range(3):
        make_venue(title=f"Venue {number}", hero_image=make_image(f"hero {number}"))
    client.get(venue_index.url)
    with django_assert_max_num_queries(INDEX_MAX_QUERIES) as few:
        client.get(venue_index.url)

    for number in range(3, 30):
        make_venue(title=f"Venue {number}", hero_image=make_image(f"hero {number}"))
    client.get(venue_index.url), client.get(venue_index.url + "?page=2")
    with django_assert_max_num_queries(INDEX_MAX_QUERIES) as many:
        response = client.get(venue_index.url + "?open_now=on&sort=nearest&lat=50.8&lon=-0.1")

    assert response.status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries) + 3  # open-now's own queries


def test_unpublished_changes_and_drafts_are_not_shown(client, make_venue, venue_index):
    draft = make_venue(title="Hidden Spa", publish=False)
    live = make_venue(title="Live Spa")
    live.title = "Renamed Spa"
    live.save_revision()

    html = client.get(venue_index.url).content.decode()

    assert "Live Spa" in html and "Renamed Spa" not in html and "Hidden Spa" not in html
    assert client.get(f"/venues/{draft.slug}/").status_code == 404


def test_index_filters_go_through_the_search_engine(client, make_venue, venue_index, monkeypatch):
    from search.engines.database import DatabaseEngine
    from venues.models import VenueCategory

    salon = VenueCategory.objects.create(name="Salon", slug="salon")
    always = {day: [("00:00", "00:00")] for day in range(7)}
    make_venue(title="Brighton Spa", hours=always)
    make_venue(title="Brighton Salon", category=salon, hours=always)
    make_venue(title="Bristol Spa", city="Bristol", hours=always)
    make_venue(title="Closed Spa", hours={})
    queries = []
    search = DatabaseEngine.search
    monkeypatch.setattr(
        DatabaseEngine, "search", lambda self, query: queries.append(query) or search(self, query)
    )

    def titles(params):
        response = client.get(venue_index.url + params)
        return sorted(venue.title for venue in response.context["venues"])

    assert titles("?city=Brighton&category=spa") == ["Brighton Spa", "Closed Spa"]
    assert titles("?city=Brighton&open_now=on") == [
        "Brighton Salon",
        "Brighton Spa",
    ]  # hours decide

    assert titles("?category=salon") == ["Brighton Salon"]
    assert [query.kinds for query in queries] == [["venue"]] * 3


def test_venue_meta_comes_from_the_shared_seo_module(client, rich_venue, monkeypatch):
    """One set of tags, built by core.seo from what the venue page gives it."""
    from core import seo

    built = []
    page_seo = seo.page_seo

    def spy(page, request, context):
        built.append(page_seo(page, request, context))
        return built[-1]

    monkeypatch.setattr(seo, "page_seo", spy)
    venue = rich_venue()

    html = client.get(venue.url).content.decode()

    [meta] = built
    assert meta.og_type == "business.business"
    assert meta.properties == [
        ("place:location:latitude", str(venue.latitude)),
        ("place:location:longitude", str(venue.longitude)),
    ]
    assert [item["@type"] for item in meta.json_ld] == ["LocalBusiness", "BreadcrumbList"]
    assert html.count('<link rel="canonical"') == 1
    assert html.count('property="og:type"') == 1
    assert '<meta property="og:type" content="business.business">' in html
    assert f'<meta property="og:image" content="{meta.image_url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert f'<meta property="place:location:latitude" content="{venue.latitude}">' in html
    assert html.count('type="application/ld+json"') == 2
