"""Links to an order's bookings, for shop pages that know nothing of bookings (thank-you page,
a guest's order page): `{% load booking_links %}{% order_booking_links order as links %}`."""

from dataclasses import dataclass

from django import template

from bookings.links import manage_path
from bookings.models import Booking

register = template.Library()


@dataclass(frozen=True)
class BookingLink:
    booking: Booking
    url: str


@register.simple_tag
def order_booking_links(order):
    """Each booking of the order with its signed "manage" link (works signed in or not)."""
    if order is None or not getattr(order, "pk", None):
        return []
    bookings = (
        Booking.objects.filter(order_line__order=order)
        .exclude(status=Booking.Status.HELD)
        .select_related("venue", "service")
        .order_by("start", "pk")
    )
    return [BookingLink(booking, manage_path(booking)) for booking in bookings if booking.email]
