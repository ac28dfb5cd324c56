"""Bookings of venue services: per-service overrides of the venue's booking rules, bookings.

A service's effective settings are its own override where set, otherwise its venue's default
(see `bookings.service.BookableService`). A `Booking` is held while its slot sits in a
basket, confirmed with its order, and ends cancelled, completed or as a no-show.

Both tables were created by the venues app and keep their names (`db_table`): the models moved
here without moving any data.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ServiceBookingSettings(models.Model):
    """One service's overrides of its venue's defaults (blank: use the venue's).

    The row is also what bookings of the service lock (`select_for_update`) while they check
    capacity, so two shoppers can never both take the last place.
    """

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="booking_settings"
    )
    duration_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    buffer_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(240)]
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    lead_time_minutes = models.PositiveIntegerField(null=True, blank=True)
    booking_window_days = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    free_cancellation_hours = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        db_table = "venues_servicebookingsettings"
        verbose_name = "service booking settings"
        verbose_name_plural = "service booking settings"

    def __str__(self):
        return f"Booking settings of {self.product}"


class BookingQuerySet(models.QuerySet):
    def occupying(self, now=None):
        """Bookings that take a place: confirmed (or done) ones and holds not yet expired."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=Booking.OCCUPYING) | Q(status=Booking.Status.HELD, hold_expires_at__gt=now)
        )

    def overlapping(self, start, end):
        """Bookings whose busy time (service plus buffer) meets [start, end)."""
        return self.filter(start__lt=end, busy_until__gt=start)

    def expired_holds(self, now=None):
        return self.filter(status=Booking.Status.HELD, hold_expires_at__lte=now or timezone.now())

    def for_customer(self, user):
        return self.filter(user=user).exclude(status=Booking.Status.HELD)

    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now())

    def upcoming_active(self, now=None):
        return self.upcoming(now).exclude(status=Booking.Status.CANCELLED)

    def past_or_cancelled(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(start__lt=now) | Q(status=Booking.Status.CANCELLED)).order_by("-start")

    def for_listing(self):
        return self.select_related("venue", "service", "order_line__order")

    def for_venue_calendar(self, venue, start, end):
        """The venue's bookings (not baskets' holds) starting in [start, end), for its calendar."""
        return (
            self.filter(venue=venue, start__gte=start, start__lt=end)
            .exclude(status=Booking.Status.HELD)
            .select_related("service", "user", "order_line__order")
            .order_by("start", "pk")
        )

    def due_reminder(self, now=None, ahead=None):
        """Confirmed bookings starting within `ahead` (24 h) whose reminder has not gone."""
        now = now or timezone.now()
        ahead = ahead or timezone.timedelta(hours=24)
        return self.filter(
            status=Booking.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + ahead,
        )


class Booking(models.Model):
    class Status(models.TextChoices):
        HELD = "held", "Held in a basket"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"

    OCCUPYING = [Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW]

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    venue = models.ForeignKey("venues.VenuePage", on_delete=models.PROTECT, related_name="bookings")
    # A service removed from the shop leaves its bookings, with the title they were booked as.
    service = models.ForeignKey(
        "catalogue.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    service_title = models.CharField(max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    email = models.EmailField(blank=True, help_text="Where confirmations go (guests too).")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    # End plus the service's buffer: what capacity is counted against.
    busy_until = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status, default=Status.HELD)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    basket_line = models.OneToOneField(
        "basket.Line",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking",
    )
    order_line = models.OneToOneField(
        "order.Line",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking",
    )
    # Raised on every reschedule, so calendars replace the event they already hold.
    sequence = models.PositiveIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=200, blank=True)
    refunded_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        db_table = "venues_booking"
        ordering = ["start"]
        indexes = [
            models.Index(fields=["service", "start"]),
            models.Index(fields=["status", "hold_expires_at"]),
            models.Index(fields=["venue", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(busy_until__gte=models.F("end")), name="booking_busy_covers_service"
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(hold_expires_at__isnull=False),
                name="booking_hold_has_expiry",
            ),
        ]

    def __str__(self):
        when = f"{self.local_start:%a %d %b %Y %H:%M}"
        return f"{self.service_name} at {when} ({self.get_status_display()})"

    @property
    def service_name(self):
        if self.service_title or not self.service_id:
            return self.service_title
        return self.service.get_title()

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.venue.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.venue.zone)

    @property
    def is_upcoming(self):
        return self.start > timezone.now()

    @property
    def order(self):
        return self.order_line.order if self.order_line_id else None

    @property
    def contact_email(self):
        return self.email or (self.user.email if self.user_id else "")
