"""A venue's booking defaults: columns of the venue page, used by every service it offers
unless the service overrides them (the bookings app reads them)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

DEFAULT_DURATION_MINUTES = 60
DEFAULT_LEAD_TIME_MINUTES = 120
DEFAULT_WINDOW_DAYS = 60
DEFAULT_FREE_CANCELLATION_HOURS = 24
# Documented default: no refund once the free-cancellation window has passed.
DEFAULT_LATE_REFUND_PERCENT = 0


class VenueBookingDefaults(models.Model):
    """Booking rules for every service of a venue, unless the service overrides them."""

    booking_duration_minutes = models.PositiveIntegerField(
        "default duration (minutes)",
        default=DEFAULT_DURATION_MINUTES,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
        help_text="Used when a service has no duration of its own.",
    )
    booking_buffer_minutes = models.PositiveIntegerField(
        "buffer after each booking (minutes)",
        default=0,
        validators=[MaxValueValidator(240)],
        help_text="Time to tidy up before the next client.",
    )
    booking_capacity = models.PositiveIntegerField(
        "clients at the same time",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    booking_lead_time_minutes = models.PositiveIntegerField(
        "lead time (minutes)",
        default=DEFAULT_LEAD_TIME_MINUTES,
        validators=[MaxValueValidator(60 * 24 * 30)],
        help_text="How soon from now a booking may start.",
    )
    booking_window_days = models.PositiveIntegerField(
        "booking window (days)",
        default=DEFAULT_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="How far ahead people may book.",
    )
    free_cancellation_hours = models.PositiveIntegerField(
        "free cancellation until (hours before)",
        default=DEFAULT_FREE_CANCELLATION_HOURS,
        validators=[MaxValueValidator(24 * 30)],
        help_text="Cancelling at least this long before the start is refunded in full.",
    )
    late_cancellation_refund_percent = models.PositiveSmallIntegerField(
        "refund for later cancellations (%)",
        default=DEFAULT_LATE_REFUND_PERCENT,
        validators=[MaxValueValidator(100)],
        help_text="0 means no refund after the free-cancellation window; 50 refunds half.",
    )

    class Meta:
        abstract = True
