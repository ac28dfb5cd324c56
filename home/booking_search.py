"""The booking search at the top of the home page: what, where, when → /search/ for venues.

The fields are /search/'s own parameters (`q`, `city`, `open_now`, `kind=venue`), so the
form needs no view of its own; the choices come from the venues listed now, in one query.
"""

from dataclasses import dataclass

from venues.showcase import cached_filter_choices

WHEN_CHOICES = [("", "Any time"), ("1", "Open now")]


@dataclass(frozen=True)
class BookingSearch:
    action: str
    categories: list  # [(slug, name)]: suggestions for "what"
    cities: list  # ["Brighton", ...]: "where"
    when_choices: list


def booking_search() -> BookingSearch:
    categories, cities = cached_filter_choices()
    return BookingSearch("/search/", categories, cities, WHEN_CHOICES)
