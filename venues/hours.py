"""Opening hours as plain data: when a venue is open, in its own time zone.

A range whose closing time is not after its opening time runs past midnight: 22:00–02:00 is
open from 22:00 until 02:00 the next day, and 18:00–00:00 until midnight. A dated exception
replaces that date's weekly ranges (no ranges: closed all day); a range past midnight belongs
to the day it opens, so Friday 22:00–02:00 is still open early on Saturday morning.

Times are turned into real instants with zoneinfo before they are compared, so a range
that spans a daylight-saving change lasts as long as the wall clock says (22:00–02:00 is five
hours on the night the clocks go back) and the answer never depends on the server's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LOOKAHEAD_DAYS = 8  # a week and a day: enough to find the next opening of any weekly schedule


@dataclass(frozen=True)
class TimeRange:
    opens: time
    closes: time

    @property
    def past_midnight(self) -> bool:
        return self.closes <= self.opens

    def minutes(self) -> tuple[int, int]:
        """Start and end in minutes from the start of its day; the end may pass 1440."""
        start = self.opens.hour * 60 + self.opens.minute
        end = self.closes.hour * 60 + self.closes.minute
        return start, end + MINUTES_PER_DAY if self.past_midnight else end

    def on(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The range on `day` as UTC instants (a time skipped by the clocks counts as before)."""
        end_day = day + timedelta(days=1) if self.past_midnight else day
        start = datetime.combine(day, self.opens, tzinfo=zone).astimezone(UTC)
        end = datetime.combine(end_day, self.closes, tzinfo=zone).astimezone(UTC)
        return start, end

    def __str__(self):
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


def find_overlaps(ranges: Iterable[tuple[int, TimeRange]]) -> list[int]:
    """Indexes of ranges that overlap an earlier one on the weekly clock (weekday, range).

    Ranges past midnight are checked against the next day's ranges too, and Sunday night
    wraps round to Monday morning.
    """
    spans = []
    for index, (weekday, span) in enumerate(ranges):
        start, end = span.minutes()
        offset = weekday * MINUTES_PER_DAY
        spans.append((index, offset + start, offset + end))
    overlapping = []
    for position, (index, start, end) in enumerate(spans):
        for _, other_start, other_end in spans[:position]:
            if _intervals_meet(start, end, other_start, other_end):
                overlapping.append(index)
                break
    return overlapping


def _intervals_meet(start, end, other_start, other_end):
    # Compare on the weekly circle: shift by a week either way for Sunday-night ranges.
    return any(
        start < other_end + shift and other_start + shift < end
        for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK)
    )


def snapshot(opening_rows, exception_rows) -> dict:
    """Hours as JSON-ready data, stored on the venue so listings need no extra queries."""
    return {
        "weekly": [
            [row.weekday, f"{row.opens:%H:%M}", f"{row.closes:%H:%M}"]
            for row in sorted(opening_rows, key=lambda row: (row.weekday, row.opens))
        ],
        "exceptions": [
            {
                "date": row.date.isoformat(),
                "label": row.label,
                "opens": f"{row.opens:%H:%M}" if row.opens else None,
                "closes": f"{row.closes:%H:%M}" if row.closes else None,
            }
            for row in sorted(exception_rows, key=lambda row: row.date)
        ],
    }


@dataclass(frozen=True)
class DatedHours:
    date: date
    label: str
    ranges: Sequence[TimeRange]

    @property
    def closed(self):
        return not self.ranges


@dataclass
class Schedule:
    """A venue's week (weekday → ranges) and its dated exceptions (date → ranges, [] = closed)."""

    zone: ZoneInfo
    weekly: Mapping[int, Sequence[TimeRange]] = field(default_factory=dict)
    exceptions: Mapping[date, Sequence[TimeRange]] = field(default_factory=dict)
    labels: Mapping[date, str] = field(default_factory=dict)

    @classmethod
    def from_snapshot(cls, zone: ZoneInfo, data: Mapping) -> Schedule:
        weekly, exceptions, labels = {}, {}, {}
        for weekday, opens, closes in data.get("weekly", ()):
            span = TimeRange(time.fromisoformat(opens), time.fromisoformat(closes))
            weekly.setdefault(weekday, []).append(span)
        for row in data.get("exceptions", ()):
            day = date.fromisoformat(row["date"])
            exceptions[day] = (
                [TimeRange(time.fromisoformat(row["opens"]), time.fromisoformat(row["closes"]))]
                if row["opens"] and row["closes"]
                else []
            )
            labels[day] = row.get("label", "")
        return cls(zone=zone, weekly=weekly, exceptions=exceptions, labels=labels)

    def dated_hours(self, first_day: date, last_day: date) -> list[DatedHours]:
        """The exceptions from `first_day` to `last_day`, in date order."""
        return [
            DatedHours(day, self.labels.get(day, ""), ranges)
            for day, ranges in sorted(self.exceptions.items())
            if first_day <= day <= last_day
        ]

    def ranges_on(self, day: date) -> Sequence[TimeRange]:
        if day in self.exceptions:
            return self.exceptions[day]
        return self.weekly.get(day.weekday(), ())

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def intervals(self, first_day: date, days: int) -> list[tuple[datetime, datetime]]:
        """Every opening from `first_day` for `days` days, as sorted UTC (start, end) pairs."""
        found = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            found.extend(span.on(day, self.zone) for span in self.ranges_on(day))
        return sorted(found)

    def current_interval(self, moment: datetime) -> tuple[datetime, datetime] | None:
        """The opening that contains `moment` (an aware datetime), if any."""
        now = moment.astimezone(UTC)
        yesterday = self.local_date(moment) - timedelta(days=1)  # may still be open past midnight
        for start, end in self.intervals(yesterday, 2):
            if start <= now < end:
                return start, end
        return None

    def is_open_at(self, moment: datetime) -> bool:
        return self.current_interval(moment) is not None

    def closes_at(self, moment: datetime) -> datetime | None:
        """When the current opening ends, in the venue's zone; None when closed."""
        current = self.current_interval(moment)
        return current[1].astimezone(self.zone) if current else None

    def next_opening(self, moment: datetime) -> datetime | None:
        """The next time the venue opens after `moment`, in its zone; None if not within a week."""
        now = moment.astimezone(UTC)
        yesterday = self.local_date(moment) - timedelta(days=1)
        for start, _end in self.intervals(yesterday, LOOKAHEAD_DAYS + 1):
            if start > now:
                return start.astimezone(self.zone)
        return None
