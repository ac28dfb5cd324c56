"""Free slots as plain data: opening intervals, a service's timing and the places taken.

Everything is compared as UTC instants; the venue's zone only decides which local day a slot
belongs to and how it is shown. Slots start at each opening and follow every duration plus
buffer, so a 22:00–02:00 night on the day the clocks go back has five hourly slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from venues.hours import Schedule


@dataclass(frozen=True)
class Timing:
    duration: timedelta
    buffer: timedelta
    capacity: int
    lead_time: timedelta
    window: timedelta

    @property
    def step(self) -> timedelta:
        return self.duration + self.buffer


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime
    places_left: int


def candidate_starts(schedule: Schedule, timing: Timing, first_day: date, last_day: date):
    """Every start on the venue's local days `first_day`..`last_day` that fits an opening.

    The service must end by closing time; its buffer may run past it. Openings of the day
    before are included because a range past midnight belongs to the day it opens.
    """
    days = (last_day - first_day).days + 1
    for opens, closes in schedule.intervals(first_day, days):
        start = opens
        while start + timing.duration <= closes:
            yield start
            start += timing.step


def busiest(busy: Iterable[tuple[datetime, datetime]], start: datetime, end: datetime) -> int:
    """Most bookings running at once anywhere inside [start, end)."""
    events = []
    for busy_start, busy_end in busy:
        if busy_start < end and start < busy_end:
            events.append((max(busy_start, start), 1))
            events.append((min(busy_end, end), -1))
    running = peak = 0
    for _moment, change in sorted(events, key=lambda event: (event[0], event[1])):
        running += change
        peak = max(peak, running)
    return peak


def free_slots(
    schedule: Schedule,
    timing: Timing,
    busy: Sequence[tuple[datetime, datetime]],
    first_day: date,
    last_day: date,
    now: datetime,
) -> list[Slot]:
    """The slots with a place left, not before now plus the lead time nor beyond the window."""
    earliest, latest = now + timing.lead_time, now + timing.window
    found = []
    for start in candidate_starts(schedule, timing, first_day, last_day):
        if start < earliest or start > latest:
            continue
        taken = busiest(busy, start, start + timing.step)
        if taken < timing.capacity:
            found.append(Slot(start, start + timing.duration, timing.capacity - taken))
    return found


def day_bounds(schedule: Schedule, first_day: date, last_day: date):
    """UTC instants covering the local days (with the night after the last one)."""
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=schedule.zone)
    end = datetime.combine(last_day + timedelta(days=2), datetime.min.time(), tzinfo=schedule.zone)
    return start, end
