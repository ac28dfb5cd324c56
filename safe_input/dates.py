"""Dates from the query string, kept far enough from date.min and date.max.

Views add days to the dates they are given (a week view, a month of slots, the night after
the last day); next to the calendar's edges that arithmetic overflows. A date this helper
accepts may be moved by MARGIN_DAYS either way safely.
"""

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError

MARGIN_DAYS = 400
EARLIEST = date.min + timedelta(days=MARGIN_DAYS)
LATEST = date.max - timedelta(days=MARGIN_DAYS)
DATE_FORMAT = "%Y-%m-%d"
INVALID_MESSAGE = "Enter a date like 2026-05-31."
OUT_OF_RANGE_MESSAGE = f"Choose a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}."


def check_in_range(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(OUT_OF_RANGE_MESSAGE, code="out_of_range")
    return day


def parse_query_date(text) -> date | None:
    """An ISO date (YYYY-MM-DD) within range; None when empty; ValidationError otherwise."""
    if text in (None, ""):
        return None
    if not isinstance(text, str) or len(text) != 10:
        raise ValidationError(INVALID_MESSAGE, code="invalid")
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise ValidationError(INVALID_MESSAGE, code="invalid") from error
    return check_in_range(day)


def query_date_or(text, default: date) -> tuple[date, str]:
    """(date, "") for a good date, (default, message) for a bad one: for pages that carry on."""
    try:
        return parse_query_date(text) or default, ""
    except ValidationError as error:
        return default, error.messages[0]


class QueryDateField(forms.DateField):
    """A form's ISO date that later arithmetic cannot overflow."""

    default_error_messages = {"invalid": INVALID_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATE_FORMAT])
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            check_in_range(value)


def parse_instant(text) -> datetime | None:
    """An ISO date-time with its offset ("2026-05-31T10:00:00+01:00") within the date range;
    None for anything else, naive times included (their zone would be a guess)."""
    if not isinstance(text, str) or not text or len(text) > 40:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.utcoffset() is None or not EARLIEST <= moment.date() <= LATEST:
        return None
    return moment
