"""What account tools (data export, account deletion) need from bookings."""

import stripe
from django.utils import timezone

from bookings.models import Booking

from .changes import CannotChangeBooking, cancel_booking


def export_bookings(user) -> list[dict]:
    """Every booking of the user, as JSON-ready dicts."""
    bookings = Booking.objects.filter(user=user).select_related(
        "venue", "service", "order_line__order"
    )
    return [
        {
            "reference": str(booking.reference),
            "venue": booking.venue.title,
            "service": booking.service_name,
            "start": booking.start.isoformat(),
            "end": booking.end.isoformat(),
            "timezone": booking.venue.timezone,
            "status": booking.status,
            "email": booking.email,
            "order_number": booking.order.number if booking.order_line_id else None,
            "refunded_amount": str(booking.refunded_amount),
            "created": booking.created.isoformat(),
            "cancelled_at": booking.cancelled_at.isoformat() if booking.cancelled_at else None,
        }
        for booking in bookings.order_by("start")
    ]


def erase_bookings(user):
    """Account deletion: upcoming bookings are cancelled under the venue's policy, and every
    booking stays in the venue's records without the person's address."""
    cancel_future_bookings(user)
    Booking.objects.filter(user=user).update(user=None, email="", updated=timezone.now())


def cancel_future_bookings(user) -> list[tuple[int, str]]:
    """Cancel the user's upcoming bookings as the customer would (venue policy refunds).

    Returns (booking id, refund amount or the reason it could not be cancelled) per booking.
    """
    results = []
    upcoming = Booking.objects.filter(user=user, status=Booking.Status.CONFIRMED).upcoming(
        timezone.now()
    )
    for booking in upcoming:
        try:
            results.append((booking.pk, str(cancel_booking(booking, reason="Account closed"))))
        except CannotChangeBooking as error:
            results.append((booking.pk, str(error)))
        except stripe.StripeError:
            results.append((booking.pk, "The payment provider could not be reached; try again."))
    return results
