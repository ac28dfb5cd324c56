"""The next free time on venue cards: the soonest slot of each venue's most popular service.

Cards of one page are worked out together (`attach_next_free`): the shared cache answers for
every venue at once, and the venues it does not know cost two queries between them (their
services with popularity and booking rules, then the bookings taking places), however many
cards there are. Registered with `venues.extensions`, so venues shows it without importing
bookings.

A cached answer is dropped when anything it was worked out from changes (`invalidation.py`:
bookings and holds, hours, booking rules, services) and lives at most
`NEXT_FREE_CACHE_SECONDS`; it is never shown once its time is within the lead time, nor after
a hold it counted has lapsed (its lifetime stops there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from oscar.core.loading import get_model

from venues.models import VenuePage
from venues.services import DURATION_ATTRIBUTE, VENUE_SERVICE_CLASS

from .availability import day_bounds, free_slots
from .models import Booking
from .service import BookableService

StockRecord = get_model("partner", "StockRecord")
AttributeValue = get_model("catalogue", "ProductAttributeValue")

SEARCH_DAYS = 14  # how far ahead a card looks for a free time
POPULARITY_DAYS = 90  # the bookings that make a service the venue's most popular
CACHE_KEY = "bookings:next-free:v1:{}"
NOTHING = "none"  # cached: no bookable service or no free time within SEARCH_DAYS


@dataclass(frozen=True)
class NextFree:
    start: datetime  # aware, UTC
    zone_name: str
    service_id: int
    service_title: str
    lead_time: timedelta

    @property
    def local_start(self) -> datetime:
        from zoneinfo import ZoneInfo

        return timezone.localtime(self.start, ZoneInfo(self.zone_name))

    def day_label(self, now=None) -> str:
        """ "today", "tomorrow" or the weekday (the venue's own calendar)."""
        local = self.local_start
        today = timezone.localtime(now or timezone.now(), local.tzinfo).date()
        days = (local.date() - today).days
        return {0: "today", 1: "tomorrow"}.get(days, f"{local:%a %-d %b}")

    @property
    def time_label(self) -> str:
        return f"{self.local_start:%H:%M}"

    def still_bookable(self, now) -> bool:
        return self.start >= now + self.lead_time


def usable(cached, now) -> bool:
    """A cached answer still right to show: "none", or a time not yet too close."""
    return cached == NOTHING or (isinstance(cached, NextFree) and cached.still_bookable(now))


def cache_key(venue_id) -> str:
    return CACHE_KEY.format(venue_id)


def cache_seconds() -> int:
    return settings.NEXT_FREE_CACHE_SECONDS


def attach_next_free(venues, *, now=None, cached=None) -> None:
    """Set `next_free` (a NextFree or None) on each venue of a page of cards.

    A venue whose cached answer is usable may be a bare object with only `pk`."""
    venues = [venue for venue in venues if venue is not None]
    if not venues:
        return
    now = now or timezone.now()
    if cached is None:
        cached = cache.get_many([cache_key(venue.pk) for venue in venues])
    missing = []
    for venue in venues:
        found = cached.get(cache_key(venue.pk))
        if usable(found, now):
            venue.next_free = None if found == NOTHING else found
        else:
            missing.append(venue)
    if missing:
        for venue, (answer, lifetime) in zip(missing, compute(missing, now), strict=True):
            venue.next_free = answer
            cache.set(cache_key(venue.pk), answer or NOTHING, lifetime)


def search_hits_next_free(hits, *, now=None) -> None:
    """Set `next_free` on venue hits of a search page (registered with `search.presentation`):
    cached answers cost nothing, the other venues load in one query."""
    if not hits:
        return
    now = now or timezone.now()
    ids = {hit.object_id for hit in hits}
    cached = cache.get_many([cache_key(pk) for pk in ids])
    missing = [pk for pk in ids if not usable(cached.get(cache_key(pk)), now)]
    venues = {pk: SimpleNamespace(pk=pk) for pk in ids if pk not in missing}
    if missing:
        # A hit whose venue has gone since it was indexed gets no time.
        venues.update(VenuePage.objects.filter(pk__in=missing).in_bulk())
    attach_next_free(list(venues.values()), now=now, cached=cached)
    for hit in hits:
        hit.next_free = getattr(venues.get(hit.object_id), "next_free", None)


def venue_cards_next_free(venues, *, now=None) -> None:
    """What bookings adds to venue cards (registered with `venues.extensions`)."""
    attach_next_free(venues, now=now)


def compute(venues, now):
    """(NextFree or None, cache lifetime in seconds) for each venue, in two queries."""
    services = most_popular_services(venues, now)
    horizon_end = now + timedelta(days=SEARCH_DAYS + 2)
    busy = busy_by_service([s.product_id for s in services.values()], now, horizon_end)
    answers = []
    for venue in venues:
        service = services.get(venue.pk)
        if service is None:
            answers.append((None, cache_seconds()))
            continue
        rows = busy.get(service.product_id, [])
        answers.append(soonest(service, rows, now))
    return answers


def most_popular_services(venues, now) -> dict[int, BookableService]:
    """Each venue's public service with the most bookings lately (ties: cheapest, then title),
    with its booking rules, in one query."""
    by_partner = {venue.partner_id: venue for venue in venues if venue.partner_id}
    if not by_partner:
        return {}
    minutes = AttributeValue.objects.filter(
        product=OuterRef("product_id"), attribute__code=DURATION_ATTRIBUTE
    ).values("value_integer")[:1]
    recent = Q(
        product__bookings__start__gte=now - timedelta(days=POPULARITY_DAYS),
        product__bookings__status__in=Booking.OCCUPYING,
    )
    records = (
        StockRecord.objects.filter(
            partner_id__in=by_partner,
            product__product_class__slug=VENUE_SERVICE_CLASS,
            product__is_public=True,
            price__isnull=False,
        )
        .select_related("product__booking_settings")
        .annotate(
            attribute_minutes=Subquery(minutes),
            popularity=Count("product__bookings", filter=recent),
        )
        .order_by("partner_id", "-popularity", "price", "product__title", "pk")
    )
    chosen = {}
    for record in records:
        venue = by_partner[record.partner_id]
        if venue.pk in chosen:
            continue
        overrides = getattr(record.product, "booking_settings", None)
        chosen[venue.pk] = BookableService(
            record.product, record, venue, overrides, record.attribute_minutes
        )
    return chosen


def busy_by_service(service_ids, start, end) -> dict[int, list]:
    """(start, busy_until, hold expiry) of the bookings taking places, per service."""
    if not service_ids:
        return {}
    rows = (
        Booking.objects.filter(service_id__in=service_ids)
        .occupying(start)
        .overlapping(start - timedelta(days=1), end)
        .values_list("service_id", "start", "busy_until", "hold_expires_at", "status")
    )
    busy = {}
    for service_id, begins, until, expires, status in rows:
        expiry = expires if status == Booking.Status.HELD else None
        busy.setdefault(service_id, []).append((begins, until, expiry))
    return busy


def soonest(service: BookableService, rows, now):
    """The first free slot within SEARCH_DAYS, day by day, and how long the answer holds."""
    schedule = service.venue.schedule
    timing = service.timing
    busy = [(begins, until) for begins, until, _expiry in rows]
    lifetime = timedelta(seconds=cache_seconds())
    # A hold that lapses frees its place: the answer may change then.
    for _begins, _until, expiry in rows:
        if expiry is not None and expiry > now:
            lifetime = min(lifetime, expiry - now)
    today = schedule.local_date(now)
    for offset in range(SEARCH_DAYS):
        day: date = today + timedelta(days=offset)
        first, _last = day_bounds(schedule, day, day)
        if first > now + timing.window:
            break
        slots = free_slots(schedule, timing, busy, day, day, now)
        if slots:
            start = slots[0].start
            answer = NextFree(
                start,
                service.venue.timezone,
                service.product_id,
                service.title,
                timing.lead_time,
            )
            lifetime = min(lifetime, start - timing.lead_time - now)
            return answer, max(1, int(lifetime.total_seconds()))
    return None, max(1, int(lifetime.total_seconds()))
