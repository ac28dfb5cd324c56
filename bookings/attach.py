"""Bookings of guest orders follow their order to the account that verified its address
(registered with `accounts.guest_records`)."""

from django.utils import timezone

from bookings.models import Booking


def attach_guest_bookings(user, email) -> int:
    """The bookings of `user`'s orders that still belong to no one (idempotent)."""
    return Booking.objects.filter(
        user=None, order_line__order__user=user, email__iexact=email
    ).update(user=user, updated=timezone.now())
