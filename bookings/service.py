"""A venue service as something bookable: its venue, price and effective booking rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from oscar.core.loading import get_model

from bookings.models import Booking, ServiceBookingSettings
from venues.models import VenuePage
from venues.services import DURATION_ATTRIBUTE, VENUE_SERVICE_CLASS

from .availability import Slot, Timing, day_bounds, free_slots

StockRecord = get_model("partner", "StockRecord")
AttributeValue = get_model("catalogue", "ProductAttributeValue")

# The longest range the slots endpoint and pickers answer for at once.
MAX_RANGE_DAYS = 31


class ServiceNotFound(Exception):
    pass


@dataclass
class BookableService:
    product: object
    stockrecord: object
    venue: VenuePage
    overrides: ServiceBookingSettings | None
    attribute_minutes: int | None

    @classmethod
    def load(cls, product_id, *, public_only=True) -> BookableService:
        """The service sold by a live venue's partner (one query); ServiceNotFound otherwise."""
        minutes = AttributeValue.objects.filter(
            product=OuterRef("product_id"), attribute__code=DURATION_ATTRIBUTE
        ).values("value_integer")[:1]
        records = (
            StockRecord.objects.select_related(
                "product__product_class", "product__booking_settings", "partner__venue_page"
            )
            .annotate(attribute_minutes=Subquery(minutes))
            .filter(product_id=product_id, product__product_class__slug=VENUE_SERVICE_CLASS)
        )
        if public_only:
            records = records.filter(product__is_public=True, partner__venue_page__live=True)
        record = records.order_by("pk").first()
        venue = getattr(record.partner, "venue_page", None) if record else None
        if venue is None:
            raise ServiceNotFound(f"No bookable service with id {product_id}.")
        try:
            overrides = record.product.booking_settings
        except ObjectDoesNotExist:
            overrides = None
        return cls(record.product, record, venue, overrides, record.attribute_minutes)

    def _setting(self, own, venue_default):
        value = getattr(self.overrides, own, None) if self.overrides else None
        return venue_default if value is None else value

    @cached_property
    def timing(self) -> Timing:
        venue = self.venue
        duration = self._setting("duration_minutes", None) or self.attribute_minutes
        return Timing(
            duration=timedelta(minutes=duration or venue.booking_duration_minutes),
            buffer=timedelta(minutes=self._setting("buffer_minutes", venue.booking_buffer_minutes)),
            capacity=self._setting("capacity", venue.booking_capacity),
            lead_time=timedelta(
                minutes=self._setting("lead_time_minutes", venue.booking_lead_time_minutes)
            ),
            window=timedelta(days=self._setting("booking_window_days", venue.booking_window_days)),
        )

    @property
    def free_cancellation(self) -> timedelta:
        hours = self._setting("free_cancellation_hours", self.venue.free_cancellation_hours)
        return timedelta(hours=hours)

    @property
    def late_refund_percent(self) -> int:
        return self.venue.late_cancellation_refund_percent

    @property
    def policy_summary(self) -> str:
        """The cancellation terms in a sentence, shown beside the times."""
        hours = int(self.free_cancellation.total_seconds() // 3600)
        percent = self.late_refund_percent
        later = "no refund" if percent == 0 else f"{percent}% refunded"
        if percent == 100:
            return "Free cancellation at any time before the start."
        return f"Free cancellation up to {hours} hours before the start; after that, {later}."

    @property
    def product_id(self):
        return self.product.pk

    @property
    def title(self):
        return self.product.get_title()

    @property
    def price(self) -> Decimal | None:
        return self.stockrecord.price

    def busy_times(self, start, end, *, now=None, exclude_booking=None):
        """(start, busy_until) of the bookings taking a place between two instants."""
        bookings = (
            Booking.objects.filter(service_id=self.product_id)
            .occupying(now)
            .overlapping(start, end)
        )
        if exclude_booking is not None:
            bookings = bookings.exclude(pk=exclude_booking.pk)
        return list(bookings.values_list("start", "busy_until"))

    def free_slots(self, first_day: date, last_day: date, *, now=None, exclude_booking=None):
        """Free slots on the venue's local days `first_day`..`last_day` (one query)."""
        now = now or timezone.now()
        schedule = self.venue.schedule
        start, end = day_bounds(schedule, first_day, last_day)
        busy = self.busy_times(start, end, now=now, exclude_booking=exclude_booking)
        return free_slots(schedule, self.timing, busy, first_day, last_day, now)

    def slot_at(self, start: datetime, *, now=None, exclude_booking=None) -> Slot | None:
        """The free slot starting exactly at `start`, if there is one."""
        day = timezone.localtime(start, self.venue.zone).date()
        # The slot may belong to the previous day's opening (past midnight).
        for slot in self.free_slots(
            day - timedelta(days=1), day, now=now, exclude_booking=exclude_booking
        ):
            if slot.start == start:
                return slot
        return None

    def local_today(self, now=None) -> date:
        return timezone.localtime(now or timezone.now(), self.venue.zone).date()

    def lock(self):
        """Take the service's lock row; every capacity check happens under it."""
        row, _ = ServiceBookingSettings.objects.get_or_create(product_id=self.product_id)
        locked = ServiceBookingSettings.objects.select_for_update().get(pk=row.pk)
        self.overrides = locked
        self.__dict__.pop("timing", None)
        return locked
