"""Venue cards: the "from" price and the next free time of the venue's most popular service,
worked out for a page of cards at once, cached, and dropped when what it depends on changes."""

from datetime import date, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from bookings.models import Booking, ServiceBookingSettings
from bookings.next_free import NOTHING, attach_next_free, cache_key, search_hits_next_free
from tests.bookings.conftest import ALL_DAY, utc
from venues.models import HoursException, OpeningHours, VenuePage

pytestmark = pytest.mark.django_db

INDEX_MAX_QUERIES = 15  # as the venue index's own budget (tests/venues/test_public_pages.py)
MONDAY_0830 = utc(2030, 6, 3, 8, 30)  # 09:30 in London (summer time)


def card(venue):
    """The venue as a listing loads it, with its next free time attached at MONDAY_0830."""
    fresh = VenuePage.objects.for_cards().get(pk=venue.pk)
    attach_next_free([fresh], now=MONDAY_0830)
    return fresh


def confirmed(venue, service, start, minutes=60):
    return Booking.objects.create(
        venue=venue,
        service=service,
        start=start,
        end=start + timedelta(minutes=minutes),
        busy_until=start + timedelta(minutes=minutes),
        status=Booking.Status.CONFIRMED,
    )


@pytest.fixture
def spa(make_venue):
    # 09:00–17:00 every day (London); slots on the hour, bookable an hour ahead.
    return make_venue("Harbour Spa", booking_lead_time_minutes=0)


@pytest.fixture
def massage(spa, make_service):
    return make_service(spa, title="Massage", minutes=60, price="50.00")


def test_next_free_is_the_first_free_slot_of_the_most_popular_service(spa, make_service):
    make_service(spa, title="Cheap Facial", minutes=60, price="20.00")
    popular = make_service(spa, title="Hot Stones", minutes=60, price="80.00")
    confirmed(spa, popular, utc(2030, 5, 20, 10))  # booked before: the popular one
    confirmed(spa, popular, utc(2030, 6, 3, 9))  # 10:00 London is taken today

    venue = card(spa)

    assert venue.next_free.service_title == "Hot Stones"
    assert venue.next_free.start == utc(2030, 6, 3, 10)  # 11:00 London
    assert venue.next_free.time_label == "11:00"
    assert venue.next_free.day_label(now=MONDAY_0830) == "today"


def test_without_bookings_the_cheapest_service_is_shown_and_full_days_are_skipped(
    spa, make_service
):
    cheap = make_service(spa, title="Express Facial", minutes=60, price="20.00")
    make_service(spa, title="Hot Stones", minutes=60, price="80.00")
    # Every slot left today is taken: the next one is tomorrow at opening.
    for hour in range(9, 16):
        confirmed(spa, cheap, utc(2030, 6, 3, hour))

    venue = card(spa)

    assert venue.next_free.service_title == "Express Facial"
    assert venue.next_free.start == utc(2030, 6, 4, 8)
    assert venue.next_free.day_label(now=MONDAY_0830) == "tomorrow"


def test_a_venue_without_services_has_no_next_free_time_and_that_is_cached(spa):
    venue = card(spa)

    assert venue.next_free is None
    assert cache.get(cache_key(spa.pk)) == NOTHING


def test_the_answer_is_cached_and_a_cached_page_makes_no_query(
    spa, massage, django_assert_num_queries
):
    card(spa)
    venue = VenuePage.objects.for_cards().get(pk=spa.pk)

    with django_assert_num_queries(0):
        attach_next_free([venue], now=MONDAY_0830)

    assert venue.next_free.start == utc(2030, 6, 3, 9)


def test_a_cached_time_that_has_passed_is_worked_out_again(spa, massage):
    card(spa)
    later = MONDAY_0830 + timedelta(hours=2)  # 11:30 London: 10:00 is gone
    venue = VenuePage.objects.for_cards().get(pk=spa.pk)

    attach_next_free([venue], now=later)

    assert venue.next_free.start == utc(2030, 6, 3, 11)


def test_cards_cost_the_same_queries_however_many_venues(
    make_venue, make_service, django_assert_num_queries
):
    def page_queries(count):
        cache.clear()
        venues = list(VenuePage.objects.for_cards()[:count])
        with django_assert_num_queries(2) as captured:
            attach_next_free(venues, now=MONDAY_0830)
        return venues, captured

    for number in range(6):
        venue = make_venue(f"Venue {number}")
        make_service(venue, title=f"Service {number}a", price="30.00")
        make_service(venue, title=f"Service {number}b", price="40.00")

    few, _ = page_queries(2)
    many, _ = page_queries(6)

    assert all(venue.next_free is not None for venue in [*few, *many])


def test_index_cards_show_from_price_and_next_free_time_within_the_budget(
    client, make_venue, make_service, venue_index, django_assert_max_num_queries
):
    for number in range(3):
        venue = make_venue(f"Open Venue {number}", hours=ALL_DAY, booking_lead_time_minutes=0)
        make_service(venue, title=f"Treatment {number}", price=f"{40 + number}.00")
    client.get(venue_index.url)
    cache.clear()
    with django_assert_max_num_queries(INDEX_MAX_QUERIES) as few:
        client.get(venue_index.url)
    for number in range(3, 12):
        venue = make_venue(f"Open Venue {number}", hours=ALL_DAY, booking_lead_time_minutes=0)
        make_service(venue, title=f"Treatment {number}", price=f"{40 + number}.00")
    client.get(venue_index.url)
    cache.clear()

    with django_assert_max_num_queries(INDEX_MAX_QUERIES) as many:
        response = client.get(venue_index.url)

    html = response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert html.count('class="venue-card__next-free"') == 12
    # The price policy's figure: with the site's 20% tax, as every other price shows.
    assert "from £48.00" in html and "from £61.20" in html
    now = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    next_hour = (now + timedelta(hours=1)).replace(minute=0)
    assert f"at {next_hour:%H:%M}" in html
    assert "(Treatment 0)" in html


# --- each change drops the cached answer ---------------------------------------------------


@pytest.fixture
def cached(spa, massage):
    """The spa's card worked out once (10:00 London), and a check that it was cached."""
    first = card(spa)
    assert first.next_free.start == utc(2030, 6, 3, 9)
    assert cache.get(cache_key(spa.pk)) is not None
    return first


def test_a_booking_drops_the_cached_time(spa, massage, cached, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        confirmed(spa, massage, utc(2030, 6, 3, 9))

    assert cache.get(cache_key(spa.pk)) is None
    assert card(spa).next_free.start == utc(2030, 6, 3, 10)


def test_a_cancelled_booking_drops_the_cached_time(spa, massage):
    booking = confirmed(spa, massage, utc(2030, 6, 3, 9))
    assert card(spa).next_free.start == utc(2030, 6, 3, 10)

    booking.status = Booking.Status.CANCELLED
    booking.save()

    assert cache.get(cache_key(spa.pk)) is None
    assert card(spa).next_free.start == utc(2030, 6, 3, 9)


def test_a_hold_drops_the_cached_time_and_its_expiry_bounds_the_cache(spa, massage, cached):
    Booking.objects.create(
        venue=spa,
        service=massage,
        start=utc(2030, 6, 3, 9),
        end=utc(2030, 6, 3, 10),
        busy_until=utc(2030, 6, 3, 10),
        status=Booking.Status.HELD,
        hold_expires_at=MONDAY_0830 + timedelta(minutes=15),
    )
    assert cache.get(cache_key(spa.pk)) is None
    assert card(spa).next_free.start == utc(2030, 6, 3, 10)

    after_expiry = MONDAY_0830 + timedelta(minutes=20)
    venue = VenuePage.objects.for_cards().get(pk=spa.pk)
    cache.delete(cache_key(spa.pk))  # the lifetime set was 15 minutes: gone by then
    attach_next_free([venue], now=after_expiry)
    assert venue.next_free.start == utc(2030, 6, 3, 9)


def test_new_opening_hours_drop_the_cached_time(spa, massage, cached):
    HoursException.objects.create(venue=spa, date=date(2030, 6, 3), label="Closed for works")

    assert cache.get(cache_key(spa.pk)) is None
    spa.refresh_from_db()
    spa.save()  # publishing copies the rows into the snapshot the cards read
    assert card(spa).next_free.start == utc(2030, 6, 4, 8)


def test_changed_weekly_hours_drop_the_cached_time(spa, massage, cached):
    OpeningHours.objects.filter(venue=spa).update(opens=time(13, 0))
    spa.refresh_from_db()
    spa.save()

    assert cache.get(cache_key(spa.pk)) is None
    assert card(spa).next_free.start == utc(2030, 6, 3, 12)


def test_changed_booking_rules_drop_the_cached_time(spa, massage, cached):
    ServiceBookingSettings.objects.create(product=massage, lead_time_minutes=180)

    assert cache.get(cache_key(spa.pk)) is None
    assert card(spa).next_free.start == utc(2030, 6, 3, 12)  # 13:00 London, 3 h ahead


def test_a_withdrawn_service_drops_the_cached_time(spa, massage, cached):
    massage.is_public = False
    massage.save()

    assert cache.get(cache_key(spa.pk)) is None
    assert card(spa).next_free is None


def test_a_new_service_drops_the_cached_time(spa, massage, cached, make_service):
    make_service(spa, title="Cheaper Massage", price="10.00")

    assert cache.get(cache_key(spa.pk)) is None
    assert card(spa).next_free.service_title == "Cheaper Massage"


def test_other_venues_keep_their_cached_time(spa, massage, cached, make_venue, make_service):
    other = make_venue("Other Spa", booking_lead_time_minutes=0)
    other_service = make_service(other, title="Other")
    card(other)

    confirmed(spa, massage, utc(2030, 6, 3, 9))

    assert cache.get(cache_key(spa.pk)) is None
    assert cache.get(cache_key(other.pk)) is not None
    assert other_service.pk


def test_search_hits_get_the_next_free_time_in_three_queries_however_many(
    make_venue, make_service, django_assert_num_queries
):
    from search.query import Hit

    def hits_for(venues):
        return [Hit(f"venue:{v.pk}", "venue", v.pk, v.title, v.url) for v in venues]

    venues = []
    for number in range(8):
        venue = make_venue(f"Search Venue {number}", booking_lead_time_minutes=0)
        make_service(venue, title=f"Search Treatment {number}")
        venues.append(venue)

    for count in (2, 8):
        cache.clear()
        hits = hits_for(venues[:count])
        with django_assert_num_queries(3):  # the venues, their services, their bookings
            search_hits_next_free(hits, now=MONDAY_0830)
        assert [hit.next_free.start for hit in hits] == [utc(2030, 6, 3, 9)] * count

    cached_hits = hits_for(venues)
    with django_assert_num_queries(0):
        search_hits_next_free(cached_hits, now=MONDAY_0830)
    assert all(hit.next_free is not None for hit in cached_hits)


def test_a_hit_whose_venue_is_gone_gets_no_time(spa, massage):
    from search.query import Hit

    hits = [
        Hit("venue:1", "venue", spa.pk, "Spa", "/"),
        Hit("venue:x", "venue", 999_999, "Gone", "/"),
    ]

    search_hits_next_free(hits, now=MONDAY_0830)

    assert hits[0].next_free.start == utc(2030, 6, 3, 9)
    assert hits[1].next_free is None


def test_search_result_cards_show_the_next_free_time(client, make_venue, make_service):
    venue = make_venue("Search Spa", hours=ALL_DAY, booking_lead_time_minutes=0)
    make_service(venue, title="Search Massage")

    html = client.get("/search/", {"kind": "venue", "q": "Search Spa"}).content.decode()

    assert html.count("search-card--venue") >= 1
    assert html.count('class="search-card__next-free"') == html.count("search-card--venue")
