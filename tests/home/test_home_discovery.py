"""The home page sells: a booking search at the top, and blocks for venues, products, journal
posts and the current campaign that fill themselves in when the editor chose nothing."""

import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.utils import timezone
from oscar.test.factories import create_product

from home.models import LandingPage
from marketing.models import Campaign
from venues import showcase
from venues.models import VenueRating

pytestmark = pytest.mark.django_db

HOME_MAX_QUERIES = 15


def block(kind, **value):
    return {"type": kind, "value": value}


def set_body(home_page, *blocks):
    home_page.body = list(blocks)
    home_page.save_revision().publish()


@pytest.fixture
def venues(make_venue):
    made = {}
    for title, city in (
        ("Brighton Baths", "Brighton"),
        ("Pier Spa", "Brighton"),
        ("Hove Hammam", "Hove"),
    ):
        made[title] = make_venue(title, city=city)
    return made


@pytest.fixture
def running_campaign(home_page):
    landing = LandingPage(
        title="Spring glow week", slug="spring-glow", search_description="20% off facials."
    )
    home_page.add_child(instance=landing)
    landing.save_revision().publish()
    return Campaign.objects.create(
        name="Spring",
        slug="spring",
        starts_on=timezone.localdate() - timedelta(days=1),
        landing_page=landing,
    )


def cards(html, css_class):
    return re.findall(
        rf'<article class="{css_class}[^"]*">.*?<a class="stretched-link" href="[^"]*">([^<]+)</a>',
        html,
        re.S,
    )


# --- the booking search ------------------------------------------------------------------------


def test_the_booking_search_asks_what_where_and_when(client, venues, home_page):
    html = client.get("/").content.decode()

    form = re.search(r'<form class="booking-search".*?</form>', html, re.S).group(0)
    assert 'action="/search/"' in form and 'method="get"' in form
    assert '<input type="hidden" name="kind" value="venue">' in form
    assert 'name="q"' in form and '<option value="Spa">' in form  # categories as suggestions
    assert '<option value="Brighton">Brighton</option>' in form
    assert '<option value="Hove">Hove</option>' in form
    assert 'name="open_now"' in form and '<option value="1">Open now</option>' in form


def test_the_booking_search_leads_to_the_venues_it_asked_for(client, venues, home_page):
    # The form's fields as a browser submits them, "When" left at "Any time".
    response = client.get(
        "/search/", {"kind": "venue", "q": "", "city": "Brighton", "open_now": ""}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Brighton Baths" in html and "Pier Spa" in html
    assert "Hove Hammam" not in html


# --- blocks and their fallbacks -----------------------------------------------------------------


def test_featured_venues_fall_back_to_the_newest(client, venues, home_page):
    set_body(
        home_page,
        block("venue_showcase", heading="Featured", show="featured", venues=[], city="", limit=2),
    )

    html = client.get("/").content.decode()

    assert cards(html, "venue-card") == ["Hove Hammam", "Pier Spa"]


def test_chosen_venues_are_shown_in_the_chosen_order(client, venues, home_page):
    chosen = [venues["Pier Spa"].pk, venues["Brighton Baths"].pk]
    set_body(
        home_page,
        block("venue_showcase", heading="Ours", show="featured", venues=chosen, city="", limit=4),
    )

    assert cards(client.get("/").content.decode(), "venue-card") == ["Pier Spa", "Brighton Baths"]


def test_top_rated_follows_the_ratings_and_falls_back_to_newest(client, venues, home_page):
    set_body(
        home_page,
        block("venue_showcase", heading="Top rated", show="top_rated", venues=[], city="", limit=3),
    )

    assert cards(client.get("/").content.decode(), "venue-card")[0] == "Hove Hammam"  # newest

    for title, score in (("Pier Spa", "4.600"), ("Brighton Baths", "4.100")):
        VenueRating.objects.create(venue=venues[title], count=3, top_score=D(score))
    showcase.forget_listings()  # as a change of ratings does (reviews.aggregates.rebuild)
    top = cards(client.get("/").content.decode(), "venue-card")
    assert top == ["Pier Spa", "Brighton Baths", "Hove Hammam"]  # unrated ones after


def test_nearby_venues_use_the_chosen_city_or_the_one_with_most_venues(client, venues, home_page):
    set_body(
        home_page,
        block("venue_showcase", heading="Near you", show="nearby", venues=[], city="", limit=4),
    )
    html = client.get("/").content.decode()
    assert sorted(cards(html, "venue-card")) == ["Brighton Baths", "Pier Spa"]
    assert "Venues in Brighton" in html

    set_body(
        home_page,
        block("venue_showcase", heading="Near you", show="nearby", venues=[], city="hove", limit=4),
    )
    assert cards(client.get("/").content.decode(), "venue-card") == ["Hove Hammam"]


def test_featured_products_fall_back_to_the_newest(client, home_page, countries):
    for number in range(3):
        create_product(title=f"Candle {number}", price=D("10.00"), num_in_stock=5)
    set_body(home_page, block("featured_products", heading="Shop the look", products=[], limit=2))

    html = client.get("/").content.decode()

    assert "Shop the look" in html
    assert "Candle 2" in html and "Candle 1" in html and "Candle 0" not in html


def test_latest_posts_show_the_newest_journal_posts(client, make_post, home_page):
    for number in range(4):
        make_post(title=f"Story {number}")
    set_body(home_page, block("latest_posts", heading="From the journal", category=None, limit=3))

    html = client.get("/").content.decode()

    assert [title for title in ("Story 3", "Story 2", "Story 1", "Story 0") if title in html] == [
        "Story 3",
        "Story 2",
        "Story 1",
    ]


def test_the_campaign_block_shows_the_running_campaign(client, home_page, running_campaign):
    set_body(
        home_page,
        block("current_campaign", campaign=None, heading="", text="", button_text="See it"),
    )

    html = client.get("/").content.decode()

    assert "Spring glow week" in html and "20% off facials." in html
    assert f'href="{running_campaign.landing_page.url}">See it</a>' in html


def test_without_a_running_campaign_the_block_shows_nothing(client, home_page):
    set_body(
        home_page,
        block("current_campaign", campaign=None, heading="", text="", button_text="See it"),
    )

    assert 'class="block-campaign"' not in client.get("/").content.decode()


@pytest.mark.alone  # query counts and limits other workers' traffic upsets (pyproject)
def test_a_selling_home_page_stays_within_its_query_budget(
    client,
    home_page,
    venues,
    make_service,
    make_post,
    running_campaign,
    countries,
    make_image,
    django_assert_max_num_queries,
):
    for venue in venues.values():
        make_service(venue, title=f"Treatment at {venue.title}")
        venue.hero_image = make_image(venue.title)
        venue.save_revision().publish()
    for number in range(4):
        create_product(title=f"Candle {number}", price=D("10.00"), num_in_stock=5)
        make_post(title=f"Story {number}", hero_image=make_image(f"Story {number}"))
    set_body(
        home_page,
        block("venue_showcase", heading="Featured", show="featured", venues=[], city="", limit=4),
        block("venue_showcase", heading="Top rated", show="top_rated", venues=[], city="", limit=4),
        block("venue_showcase", heading="Near you", show="nearby", venues=[], city="", limit=4),
        block("featured_products", heading="Shop", products=[], limit=4),
        block("latest_posts", heading="Journal", category=None, limit=3),
        block("current_campaign", campaign=None, heading="", text="", button_text="See it"),
    )
    client.get("/")  # renditions and per-process caches; the cards' next free times are cached

    with django_assert_max_num_queries(HOME_MAX_QUERIES):
        response = client.get("/")

    html = response.content.decode()
    assert html.count('class="venue-card__next-free"') >= 3
    assert "Story 3" in html and "Candle 3" in html and "Spring glow week" in html
    cache.clear()
