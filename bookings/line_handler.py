"""How bookings take part in the shop's basket and order lines (`shop.lines`).

Registered in `BookingsConfig.ready()`: a basket line of a venue service holds one booked time,
the order placement confirms it, and the order's events cancel it with the share of the money
that goes back.
"""

from decimal import Decimal

from django.db.models import Exists, F, Q, Sum, Value
from django.db.models.functions import Greatest

from shop.lines import LineHandler
from venues.services import VENUE_SERVICE_CLASS

from .changes import mark_cancelled, price_paid
from .display import booking_line_display
from .holds import SLOT_OPTION_CODE, confirm_line_booking, hold_basket_slots, release_basket_holds
from .models import Booking
from .picker import product_picker

ZERO = Decimal("0.00")


def is_service(product) -> bool:
    return product.get_product_class().slug == VENUE_SERVICE_CLASS


class BookingLineHandler(LineHandler):
    def product_page_context(self, product, request):
        if not is_service(product):
            return {}
        # Services are booked by picking a time, not added to the basket as they are.
        return {"booking_picker": product_picker(product, request.GET)}

    def missing_choice(self, product, options):
        if not is_service(product):
            return None
        if any(getattr(o["option"], "code", None) == SLOT_OPTION_CODE for o in options or ()):
            return None
        return (
            f"{product.get_title()} is booked, not bought as it is: choose a time on its page "
            "and it goes into your basket held for you."
        )

    def products_needing_choice(self):
        return Q(product_class__slug=VENUE_SERVICE_CLASS)

    def call_to_action(self, product):
        if not is_service(product):
            return None
        return "Book", f"{product.get_absolute_url()}#book"

    def line_display(self, line):
        if line.product_id and not is_service(line.product):
            return None
        return booking_line_display(line)

    def basket_line_related(self):
        return ("booking__venue",)

    def line_quantity_limit(self, product):
        if not is_service(product):
            return None
        return 1, "A booked time holds one place. To book another place, choose a time again."

    def hold_basket(self, basket):
        return hold_basket_slots(basket)

    def confirm_line(self, basket_line, order_line, order):
        confirm_line_booking(basket_line, order_line, order)

    def release_basket(self, basket_id):
        release_basket_holds(basket_id)

    def lock_order(self, order):
        bookings = Booking.objects.filter(order_line__order_id=order.pk)
        list(bookings.select_for_update(of=("self",)).order_by("pk").values_list("pk"))

    def refuse_customer_cancellation(self, order):
        # Each booking has its venue's cancellation policy, which may keep part of the money.
        confirmed = Booking.objects.filter(order_line__order=order, status=Booking.Status.CONFIRMED)
        if not confirmed.exists():
            return None
        if order.user_id:
            return f"Order {order.number} holds bookings: cancel them under My bookings instead."
        # A guest has no My bookings: each booking's signed link is on the order page.
        return (
            f"Order {order.number} holds bookings: cancel each from its booking page "
            "(linked below and in your booking emails) instead."
        )

    def settled_line_ids(self, lines):
        cancelled = Booking.objects.filter(order_line__in=lines, status=Booking.Status.CANCELLED)
        return set(cancelled.values_list("order_line_id", flat=True))

    def end_lines(self, order, lines, *, reason, refunds):
        """Free the lines' confirmed bookings as the shop cancelling, each with its share."""
        bookings = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(order_line__order=order, order_line__in=lines)
            .filter(status=Booking.Status.CONFIRMED)
            .select_related("order_line")
            .order_by("pk")
        )
        for booking in bookings:
            refunded = refunds.get(booking.order_line_id, ZERO)
            mark_cancelled(booking, reason=reason, refunded_amount=refunded)
        return len(bookings)

    def kept_by_policy(self, order):
        """What cancelled bookings kept under their venue's policy (late cancellations)."""
        cancelled = Booking.objects.filter(
            order_line__order=order, status=Booking.Status.CANCELLED
        ).select_related("order_line")
        kept = (max(price_paid(booking) - booking.refunded_amount, ZERO) for booking in cancelled)
        return sum(kept, ZERO)

    def still_held(self, order_ref):
        confirmed = Booking.objects.filter(
            order_line__order=order_ref, status=Booking.Status.CONFIRMED
        )
        return Exists(confirmed)

    def kept_by_policy_total(self, order_ref):
        money = Booking._meta.get_field("refunded_amount")  # a DecimalField(12, 2)
        return (
            Booking.objects.filter(order_line__order=order_ref, status=Booking.Status.CANCELLED)
            .annotate(
                kept=Greatest(
                    F("order_line__line_price_incl_tax") - F("refunded_amount"),
                    Value(ZERO),
                    output_field=money,
                )
            )
            .values("order_line__order")
            .annotate(total=Sum("kept"))
            .values("total")
        )

    def count_still_held(self, order):
        return Booking.objects.filter(
            order_line__order=order, status=Booking.Status.CONFIRMED
        ).count()

    def order_line_related(self):
        # A booked line's appointment lives on its booking, hanging off the line.
        return ("booking__venue",)
