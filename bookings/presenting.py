"""How a booking is shown: its price under the one price policy, and the rows of My bookings."""

from dataclasses import dataclass

from shop.pricing import ShownPrice, prices_include_tax
from shop.tasks import order_status_path


def shown_booking_price(booking) -> ShownPrice | None:
    """What the booking's order line cost, with or without tax as the shop shows prices."""
    if not booking.order_line_id:
        return None
    line = booking.order_line
    include_tax = prices_include_tax()
    amount = line.line_price_incl_tax if include_tax else line.line_price_excl_tax
    return ShownPrice(amount, line.order.currency, include_tax)


@dataclass(frozen=True)
class BookingRow:
    booking: object
    price: ShownPrice | None
    order_url: str
    service_url: str


def booking_rows(bookings) -> list[BookingRow]:
    """One row per booking (from `for_listing()`: no query per row)."""
    return [
        BookingRow(
            booking=booking,
            price=shown_booking_price(booking),
            order_url=order_status_path(booking.order) if booking.order_line_id else "",
            service_url=service_url(booking),
        )
        for booking in bookings
    ]


def service_url(booking) -> str:
    service = booking.service
    if service is None or not service.is_public:
        return ""
    return service.get_absolute_url()
