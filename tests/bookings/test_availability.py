"""Free slots: opening hours, duration and buffer, lead time and window, time zones, capacity."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.availability import Timing, busiest, free_slots
from bookings.models import Booking
from bookings.service import BookableService
from venues.hours import Schedule, TimeRange

from .conftest import utc

LONDON = ZoneInfo("Europe/London")
HOUR = timedelta(hours=1)


def timing(minutes=60, buffer=0, capacity=1, lead=0, window_days=60):
    return Timing(
        timedelta(minutes=minutes),
        timedelta(minutes=buffer),
        capacity,
        timedelta(minutes=lead),
        timedelta(days=window_days),
    )


def weekly(opens, closes, zone=LONDON, exceptions=None):
    span = TimeRange(
        datetime.strptime(opens, "%H:%M").time(), datetime.strptime(closes, "%H:%M").time()
    )
    return Schedule(
        zone=zone, weekly={day: [span] for day in range(7)}, exceptions=exceptions or {}
    )


def local_times(slots, zone=LONDON):
    return [f"{slot.start.astimezone(zone):%H:%M}" for slot in slots]


NOW = utc(2026, 6, 1, 6, 0)  # Monday 07:00 in London (BST)
MONDAY = date(2026, 6, 1)


def test_slots_follow_duration_plus_buffer_and_end_by_closing_time():
    slots = free_slots(weekly("09:00", "12:00"), timing(50, buffer=10), [], MONDAY, MONDAY, NOW)
    assert local_times(slots) == ["09:00", "10:00", "11:00"]
    # 90 minutes: 10:30 would end at 12:00 exactly (allowed), 12:00 would end after closing.
    slots = free_slots(weekly("09:00", "12:00"), timing(90), [], MONDAY, MONDAY, NOW)
    assert local_times(slots) == ["09:00", "10:30"]
    assert slots[-1].end.astimezone(LONDON).strftime("%H:%M") == "12:00"


def test_a_range_past_midnight_gives_slots_after_midnight():
    slots = free_slots(weekly("22:00", "02:00"), timing(60), [], MONDAY, MONDAY, NOW)
    assert local_times(slots) == ["22:00", "23:00", "00:00", "01:00"]
    assert slots[-1].start.astimezone(LONDON).date() == MONDAY + timedelta(days=1)


def test_the_night_the_clocks_go_back_has_an_extra_hour():
    sunday = date(2026, 10, 25)  # BST ends at 02:00 local, which happens twice
    saturday = sunday - timedelta(days=1)
    now = utc(2026, 10, 20, 12, 0)
    slots = free_slots(weekly("22:00", "02:00"), timing(60), [], saturday, saturday, now)
    # 22:00 BST → 02:00 GMT is five real hours: 01:00 comes twice, once per offset.
    assert local_times(slots) == ["22:00", "23:00", "00:00", "01:00", "01:00"]
    assert [s.start.astimezone(LONDON).utcoffset() for s in slots[-2:]] == [HOUR, timedelta(0)]
    assert all(b.start - a.start == HOUR for a, b in zip(slots, slots[1:], strict=False))


def test_the_spring_forward_day_keeps_wall_clock_hours():
    sunday = date(2026, 3, 29)  # 01:00 GMT jumps to 02:00 BST
    slots = free_slots(weekly("09:00", "12:00"), timing(60), [], sunday, sunday, utc(2026, 3, 1))
    assert local_times(slots) == ["09:00", "10:00", "11:00"]
    assert slots[0].start == utc(2026, 3, 29, 8, 0)  # 09:00 BST


def test_an_exception_date_replaces_the_weekly_hours():
    closed = weekly("09:00", "17:00", exceptions={MONDAY: []})
    assert free_slots(closed, timing(60), [], MONDAY, MONDAY, NOW) == []
    short = TimeRange(
        datetime.strptime("10:00", "%H:%M").time(), datetime.strptime("12:00", "%H:%M").time()
    )
    late_open = weekly("09:00", "17:00", exceptions={MONDAY: [short]})
    assert local_times(free_slots(late_open, timing(60), [], MONDAY, MONDAY, NOW)) == [
        "10:00",
        "11:00",
    ]


def test_nothing_in_the_past_or_inside_the_lead_time():
    now = utc(2026, 6, 1, 9, 30)  # 10:30 in London
    slots = free_slots(weekly("09:00", "17:00"), timing(60, lead=120), [], MONDAY, MONDAY, now)
    assert local_times(slots)[0] == "13:00"  # 12:30 is the earliest start; 13:00 the first slot


def test_nothing_beyond_the_booking_window():
    schedule = weekly("09:00", "17:00")
    now = utc(2026, 6, 1, 11, 0)  # Monday 12:00 in London: the window ends Wednesday 12:00
    last_day = MONDAY + timedelta(days=5)
    slots = free_slots(schedule, timing(60, window_days=2), [], MONDAY, last_day, now)
    assert max(slot.start for slot in slots) <= now + timedelta(days=2)
    wednesday = [s for s in slots if s.start.astimezone(LONDON).date() == date(2026, 6, 3)]
    assert local_times(wednesday) == ["09:00", "10:00", "11:00", "12:00"]


def test_capacity_one_slot_disappears_when_taken():
    schedule = weekly("09:00", "12:00")
    ten = datetime(2026, 6, 1, 10, 0, tzinfo=LONDON).astimezone(UTC)
    slots = free_slots(schedule, timing(60), [(ten, ten + HOUR)], MONDAY, MONDAY, NOW)
    assert local_times(slots) == ["09:00", "11:00"]


def test_capacity_three_counts_places_left():
    schedule = weekly("09:00", "11:00")
    nine = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON).astimezone(UTC)
    two = [(nine, nine + HOUR)] * 2
    slots = free_slots(schedule, timing(60, capacity=3), two, MONDAY, MONDAY, NOW)
    assert [(t, s.places_left) for t, s in zip(local_times(slots), slots, strict=True)] == [
        ("09:00", 1),
        ("10:00", 3),
    ]
    full = free_slots(schedule, timing(60, capacity=3), two * 2, MONDAY, MONDAY, NOW)
    assert local_times(full) == ["10:00"]


def test_busiest_counts_bookings_running_together_not_all_that_touch():
    nine = utc(2026, 6, 1, 9)
    busy = [(nine, nine + HOUR / 2), (nine + HOUR / 2, nine + HOUR)]
    assert busiest(busy, nine, nine + HOUR) == 1


# Against the database: bookings, holds and the query budget.


@pytest.fixture
def venue(make_venue):
    return make_venue("Harbour Baths", booking_lead_time_minutes=0)


def book(service, venue, start, status=Booking.Status.CONFIRMED, hold_expires_at=None, minutes=60):
    return Booking.objects.create(
        venue=venue,
        service=service,
        email="someone@example.com",
        start=start,
        end=start + timedelta(minutes=minutes),
        busy_until=start + timedelta(minutes=minutes),
        status=status,
        hold_expires_at=hold_expires_at,
    )


def test_confirmed_bookings_and_live_holds_take_places_expired_holds_do_not(venue, make_service):
    service = make_service(venue)
    now = utc(2026, 6, 1, 6, 0)
    nine, ten, eleven = (
        datetime(2026, 6, 1, h, tzinfo=LONDON).astimezone(UTC) for h in (9, 10, 11)
    )
    book(service, venue, nine)
    book(service, venue, ten, Booking.Status.HELD, hold_expires_at=now + timedelta(minutes=5))
    book(service, venue, eleven, Booking.Status.HELD, hold_expires_at=now - timedelta(minutes=1))
    book(service, venue, eleven + HOUR, Booking.Status.CANCELLED)
    slots = BookableService.load(service.pk).free_slots(MONDAY, MONDAY, now=now)
    assert local_times(slots)[:3] == ["11:00", "12:00", "13:00"]


def test_per_service_overrides_beat_venue_defaults(venue, make_service):
    venue.booking_capacity = 4
    venue.booking_buffer_minutes = 30
    venue.save()
    plain = BookableService.load(make_service(venue, title="Sauna").pk)
    own = BookableService.load(make_service(venue, title="Float", capacity=1, buffer_minutes=0).pk)
    assert (plain.timing.capacity, plain.timing.buffer) == (4, timedelta(minutes=30))
    assert (own.timing.capacity, own.timing.buffer) == (1, timedelta(0))


def test_fourteen_days_of_slots_in_at_most_ten_queries(venue, make_service):
    service = make_service(venue)
    start = timezone.now() + timedelta(days=1)
    for n in range(20):
        book(service, venue, start.replace(minute=0, second=0, microsecond=0) + n * HOUR * 5)
    venue.hours_exceptions.create(date=timezone.localdate() + timedelta(days=3))
    with CaptureQueriesContext(connection) as queries:
        bookable = BookableService.load(service.pk)
        today = bookable.local_today()
        slots = bookable.free_slots(today, today + timedelta(days=13))
    assert len(queries) <= 10, [q["sql"] for q in queries]
    assert slots


def test_unknown_or_hidden_services_are_not_bookable(venue, make_service):
    from bookings.service import ServiceNotFound

    service = make_service(venue)
    service.is_public = False
    service.save()
    with pytest.raises(ServiceNotFound):
        BookableService.load(service.pk)
    with pytest.raises(ServiceNotFound):
        BookableService.load(999999)
