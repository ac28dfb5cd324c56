"""Open now / opens at: boundaries, ranges past midnight, exceptions and daylight-saving days."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from venues.hours import Schedule, TimeRange, find_overlaps

LONDON = ZoneInfo("Europe/London")
MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6


def at(text, zone=LONDON):
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def rng(opens, closes):
    return TimeRange(time.fromisoformat(opens), time.fromisoformat(closes))


def every_day(*ranges):
    return {day: [rng(*r) for r in ranges] for day in range(7)}


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-06-01 08:59:59", False),
        ("2026-06-01 09:00:00", True),  # opening time is inside
        ("2026-06-01 16:59:59", True),
        ("2026-06-01 17:00:00", False),  # closing time is outside
    ],
)
def test_opening_and_closing_times_are_the_boundaries(moment, is_open):
    schedule = Schedule(LONDON, every_day(("09:00", "17:00")))
    assert schedule.is_open_at(at(moment)) is is_open


def test_a_day_without_ranges_is_closed_and_the_next_opening_skips_it():
    schedule = Schedule(LONDON, {day: [rng("09:00", "17:00")] for day in range(1, 7)})
    monday_noon = at("2026-06-01 12:00")
    assert not schedule.is_open_at(monday_noon)
    assert schedule.next_opening(monday_noon) == at("2026-06-02 09:00")


def test_split_day_is_closed_over_lunch_and_reopens():
    schedule = Schedule(LONDON, every_day(("09:00", "12:30"), ("13:30", "18:00")))
    assert not schedule.is_open_at(at("2026-06-01 13:00"))
    assert schedule.next_opening(at("2026-06-01 13:00")) == at("2026-06-01 13:30")
    assert schedule.closes_at(at("2026-06-01 10:00")) == at("2026-06-01 12:30")


def test_a_range_past_midnight_belongs_to_the_day_it_opens():
    schedule = Schedule(LONDON, {FRIDAY: [rng("22:00", "02:00")]})
    assert schedule.is_open_at(at("2026-06-05 23:30"))  # Friday night
    assert schedule.is_open_at(at("2026-06-06 01:59"))  # early Saturday, still Friday's range
    assert not schedule.is_open_at(at("2026-06-06 02:00"))
    assert not schedule.is_open_at(at("2026-06-06 23:30"))  # Saturday night is closed
    assert schedule.closes_at(at("2026-06-05 23:30")) == at("2026-06-06 02:00")


def test_sunday_night_runs_into_monday_morning():
    schedule = Schedule(LONDON, {SUNDAY: [rng("20:00", "03:00")]})
    assert schedule.is_open_at(at("2026-06-08 02:30"))  # Monday 02:30


def test_until_midnight_and_all_day():
    schedule = Schedule(
        LONDON, {MONDAY: [rng("18:00", "00:00")], SATURDAY: [rng("00:00", "00:00")]}
    )
    assert schedule.is_open_at(at("2026-06-01 23:59"))
    assert not schedule.is_open_at(at("2026-06-02 00:00"))
    assert schedule.is_open_at(at("2026-06-06 00:00"))
    assert schedule.is_open_at(at("2026-06-06 23:59"))


def test_exception_replaces_the_weekday_and_closed_exception_closes():
    weekly = every_day(("09:00", "17:00"))
    schedule = Schedule(
        LONDON,
        weekly,
        exceptions={date(2026, 12, 25): [], date(2026, 12, 24): [rng("10:00", "23:00")]},
    )
    assert not schedule.is_open_at(at("2026-12-25 12:00"))
    assert schedule.is_open_at(at("2026-12-24 22:00"))
    assert not schedule.is_open_at(at("2026-12-24 09:30"))
    assert schedule.next_opening(at("2026-12-24 23:30")) == at("2026-12-26 09:00")


def test_an_exception_past_midnight_keeps_the_venue_open_into_the_next_day():
    schedule = Schedule(LONDON, {}, exceptions={date(2026, 12, 31): [rng("20:00", "02:00")]})
    assert schedule.is_open_at(at("2027-01-01 01:00"))


def test_the_answer_is_in_the_venues_zone_not_the_servers():
    schedule = Schedule(ZoneInfo("America/New_York"), every_day(("09:00", "17:00")))
    assert schedule.is_open_at(datetime(2026, 6, 1, 14, 0, tzinfo=UTC))  # 10:00 in New York
    assert not schedule.is_open_at(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))  # 08:00 there


def test_night_the_clocks_go_back_lasts_an_hour_longer():
    # London, 25 Oct 2026: 02:00 BST becomes 01:00 GMT. Saturday 22:00–02:00 is five hours.
    schedule = Schedule(LONDON, {SATURDAY: [rng("22:00", "02:00")]})
    start, end = schedule.intervals(date(2026, 10, 24), 1)[0]
    assert (end - start).total_seconds() == 5 * 3600
    assert schedule.is_open_at(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 01:30 BST
    assert schedule.is_open_at(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 01:30 GMT, again
    assert not schedule.is_open_at(datetime(2026, 10, 25, 2, 0, tzinfo=UTC))  # 02:00 GMT


def test_day_the_clocks_go_forward_uses_the_new_offset():
    # London, 29 Mar 2026: 01:00 GMT becomes 02:00 BST.
    schedule = Schedule(LONDON, every_day(("09:00", "17:00")))
    assert not schedule.is_open_at(datetime(2026, 3, 29, 7, 59, tzinfo=UTC))  # 08:59 BST
    assert schedule.is_open_at(datetime(2026, 3, 29, 8, 0, tzinfo=UTC))  # 09:00 BST
    assert schedule.next_opening(datetime(2026, 3, 28, 20, 0, tzinfo=UTC)) == at("2026-03-29 09:00")
    assert (
        schedule.next_opening(datetime(2026, 3, 28, 20, 0, tzinfo=UTC)).utcoffset().seconds == 3600
    )


def test_an_opening_time_skipped_by_the_clocks_opens_when_the_clock_reaches_it():
    # 01:30 does not exist on 29 Mar 2026 in London; the range starts at the real 02:30 BST.
    schedule = Schedule(LONDON, {SUNDAY: [rng("01:30", "05:00")]})
    assert not schedule.is_open_at(datetime(2026, 3, 29, 0, 59, tzinfo=UTC))
    assert schedule.is_open_at(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))


def test_no_opening_within_a_week():
    assert Schedule(LONDON).next_opening(at("2026-06-01 12:00")) is None


@pytest.mark.parametrize(
    ("ranges", "overlapping"),
    [
        ([(MONDAY, rng("09:00", "12:00")), (MONDAY, rng("13:00", "17:00"))], []),
        ([(MONDAY, rng("09:00", "12:00")), (MONDAY, rng("12:00", "17:00"))], []),  # touching
        ([(MONDAY, rng("09:00", "13:00")), (MONDAY, rng("12:00", "17:00"))], [1]),
        ([(MONDAY, rng("09:00", "17:00")), (TUESDAY := 1, rng("09:00", "17:00"))], []),
        ([(FRIDAY, rng("22:00", "03:00")), (SATURDAY, rng("02:00", "10:00"))], [1]),
        ([(SUNDAY, rng("22:00", "03:00")), (MONDAY, rng("01:00", "05:00"))], [1]),
        ([(MONDAY, rng("00:00", "00:00")), (MONDAY, rng("09:00", "10:00"))], [1]),
    ],
)
def test_overlaps_are_found_on_the_weekly_clock(ranges, overlapping):
    assert find_overlaps(ranges) == overlapping
