"""Page numbers from the query string: past the end shows the last page, never an error."""

from django.core.paginator import Paginator

from .numbers import parse_id

# Deeper pages cost the engines most and no person reads them.
MAX_PAGE = 500


def page_number(value, *, last=None) -> int:
    """A page from `?page=`: 1 for anything not a positive ASCII number, at most `last`."""
    number = min(parse_id(value) or 1, MAX_PAGE)
    if last is not None:
        number = min(number, max(1, last))
    return number


def page_of(paginator: Paginator, value):
    """The page asked for, or the last one when it is past the end (Paginator.get_page)."""
    return paginator.get_page(page_number(value))
