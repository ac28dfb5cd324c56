"""Search analytics for staff: searches and result clicks, what shoppers look for and miss.

Recording is one small insert and never fails or slows a search: errors are logged and the
page goes on. Nothing about the person is stored (no user, session, address or browser), and
queries are normalised with e-mail addresses and long numbers masked. Rows older than
SEARCH_ANALYTICS_RETENTION_DAYS are pruned nightly.
"""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from .models import SearchClick, SearchRecord

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = SearchRecord._meta.get_field("query").max_length
PRUNE_BATCH = 5000
EMAIL = re.compile(r"\S+@\S+")
LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}\d")  # phone, card and account numbers
PERIODS = {"7": 7, "30": 30, "90": 90}
DEFAULT_PERIOD = "30"


def normalise_query(text):
    """Lowercase, single spaces, personal details masked, at most 200 characters."""
    text = EMAIL.sub("[email]", (text or "").replace("\x00", ""))
    text = LONG_NUMBER.sub("[number]", text)
    return " ".join(text.lower().split())[:MAX_QUERY_LENGTH]


def record_search(text, engine, results):
    """Store one search; returns its id, or None when nothing was stored (failures logged)."""
    query = normalise_query(text)
    if not query:
        return None
    try:
        with transaction.atomic():  # a failure must not break the page's own transaction
            return SearchRecord.objects.create(query=query, engine=engine, results=results).pk
    except DatabaseError:
        logger.exception("search analytics: could not record a search")
        return None


def record_click(search_id, result, position):
    """Store one result opened from a recorded search; False when the search is unknown."""
    try:
        with transaction.atomic():
            if not SearchRecord.objects.filter(pk=search_id).exists():
                return False
            SearchClick.objects.create(search_id=search_id, result=result, position=position)
            return True
    except DatabaseError:
        logger.exception("search analytics: could not record a click")
        return False


def prune(days=None):
    """Delete searches (and their clicks) older than the retention period; returns how many
    searches went. In batches, so no statement holds locks for long."""
    days = days or settings.SEARCH_ANALYTICS_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    removed = 0
    while True:
        ids = list(
            SearchRecord.objects.filter(searched_at__lt=cutoff).values_list("pk", flat=True)[
                :PRUNE_BATCH
            ]
        )
        if not ids:
            return removed
        with transaction.atomic():
            SearchClick.objects.filter(search_id__in=ids).delete()
            SearchRecord.objects.filter(pk__in=ids).delete()
        removed += len(ids)


@dataclass
class Report:
    """What the admin report shows for one period."""

    days: int
    searches: int
    zero_result_searches: int
    clicked_searches: int
    top_queries: list[dict]
    zero_result_queries: list[dict]

    @property
    def click_through_rate(self):
        return _percent(self.clicked_searches, self.searches)

    @property
    def zero_result_rate(self):
        return _percent(self.zero_result_searches, self.searches)


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def report(days=int(DEFAULT_PERIOD), limit=20, now=None):
    """Totals, top queries and zero-result queries of the last `days` days, in three queries."""
    since = (now or timezone.now()) - timedelta(days=days)
    searches = SearchRecord.objects.filter(searched_at__gte=since)
    clicked = Q(Exists(SearchClick.objects.filter(search=OuterRef("pk"))))
    counted = {"searches": Count("pk"), "clicked": Count("pk", filter=clicked)}
    totals = searches.aggregate(**counted, zero=Count("pk", filter=Q(results=0)))
    top = (
        searches.values("query")
        .annotate(**counted, average_results=Avg("results"))
        .order_by("-searches", "query")[:limit]
    )
    zero = (
        searches.filter(results=0)
        .values("query")
        .annotate(searches=Count("pk"), last_searched=Max("searched_at"))
        .order_by("-searches", "query")[:limit]
    )
    return Report(
        days=days,
        searches=totals["searches"],
        zero_result_searches=totals["zero"],
        clicked_searches=totals["clicked"],
        top_queries=[
            {**row, "click_through_rate": _percent(row["clicked"], row["searches"])} for row in top
        ],
        zero_result_queries=list(zero),
    )
