"""Changing a confirmed booking: cancel (with the refund its timing earns), reschedule, outcome.

Refunds go back through whatever took the payment (Stripe or the demo method) and are recorded
on the order as Oscar payment events, through `shop.order.refunds`.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from bookings.models import Booking
from outbox.delivery import enqueue_on_commit
from shop.order.refunds import (
    RefundError,
    refundable,
    request_refund,
    send_refund,
    settle_refund,
)

from .service import BookableService, ServiceNotFound
from .tasks import send_booking_email

Order = get_model("order", "Order")
CENT = Decimal("0.01")


class CannotChangeBooking(Exception):
    """The message says why, for the person who asked."""


def price_paid(booking) -> Decimal:
    return booking.order_line.line_price_incl_tax if booking.order_line_id else Decimal("0.00")


def booked_service(booking) -> BookableService | None:
    """The service with its current rules; None once it has left the shop."""
    if booking.service_id is None:
        return None
    try:
        return BookableService.load(booking.service_id, public_only=False)
    except ServiceNotFound:
        return None


def cancellation_terms(booking) -> tuple[timedelta, int]:
    """(free-cancellation window, late refund %): the service's, else its venue's defaults."""
    service = booked_service(booking)
    if service is not None:
        return service.free_cancellation, service.late_refund_percent
    venue = booking.venue
    return timedelta(hours=venue.free_cancellation_hours), venue.late_cancellation_refund_percent


def refund_due(booking, now, *, by_venue=False) -> Decimal:
    """All of it inside the free window (or when the venue cancels); else the venue's share."""
    paid = price_paid(booking)
    free_window, late_percent = cancellation_terms(booking)
    if by_venue or booking.start - now >= free_window:
        return paid
    share = Decimal(late_percent) / 100
    return (paid * share).quantize(CENT, rounding=ROUND_HALF_UP)


def is_free_to_cancel(booking, now=None) -> bool:
    free_window, _ = cancellation_terms(booking)
    return booking.start - (now or timezone.now()) >= free_window


def locked_confirmed(booking_id):
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("venue", "order_line")
        .get(pk=booking_id)
    )
    if booking.status != Booking.Status.CONFIRMED:
        raise CannotChangeBooking(
            f"This booking is {booking.get_status_display().lower()} and cannot be changed."
        )
    return booking


class RefundChanged(CannotChangeBooking):
    """The refund due is no longer the one the customer was shown; `refund` is the new one."""

    def __init__(self, refund):
        self.refund = refund
        super().__init__(
            "The refund due has changed since the page was shown: please confirm again."
        )


def refund_if_cancelled(booking, now=None, *, by_venue=False, order=None) -> Decimal:
    """What cancelling now gives back: the policy's share, at most what the order still holds.

    The cancellation's confirmation page states this figure and `cancel_booking` records it."""
    amount = refund_due(booking, now or timezone.now(), by_venue=by_venue)
    if amount <= 0 or not booking.order_line_id:
        return Decimal("0.00")
    order = order or booking.order_line.order
    return max(min(amount, refundable(order)), Decimal("0.00"))


def cancel_booking(
    booking, *, by_venue=False, reason="", now=None, expected_refund=None
) -> Decimal:
    """Cancel a confirmed booking, refund what is due and tell the customer; returns the refund.

    With `expected_refund` (the figure a confirmation page stated), a different refund due
    raises `RefundChanged` and nothing happens. No row stays locked while Stripe answers: the
    refund is checked and recorded as pending under the booking's and order's locks, sent once
    that commits (keyed by the booking, so a retry never refunds twice), and the cancellation
    and refund are recorded together in a second short transaction. If Stripe refuses, the
    booking stays as it was."""
    now = now or timezone.now()
    reason = reason or ("Cancelled by the venue" if by_venue else "Cancelled by you")
    with transaction.atomic():
        booking = locked_confirmed(booking.pk)
        if not by_venue and booking.start <= now:
            raise CannotChangeBooking("This booking has already started and cannot be cancelled.")
        order = None
        if booking.order_line_id:  # locked after the booking: the lock order
            order = Order.objects.select_for_update(of=("self",)).get(
                pk=booking.order_line.order_id
            )
        amount = refund_if_cancelled(booking, now, by_venue=by_venue, order=order)
        if expected_refund is not None and amount != expected_refund:
            raise RefundChanged(amount)
        request = request_share_refund(booking, amount)
        if request is None:  # nothing to send: cancelled at once
            return finish_cancellation(booking, reason=reason, now=now)
    reference = send_refund(request)
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
        Order.objects.select_for_update(of=("self",)).get(pk=request.pending.order_id)
        # Released before its refund is recorded: a refund that settles the whole order ends
        # the order, and that must find this booking already cancelled.
        return finish_cancellation(
            booking, reason=reason, now=now, request=request, reference=reference
        )


def request_share_refund(booking, amount):
    """Lock the booking's order (after the booking: the lock order) and record its share as a
    pending refund; None when nothing is to go back."""
    if amount <= 0 or not booking.order_line_id:
        return None
    order = Order.objects.select_for_update(of=("self",)).get(pk=booking.order_line.order_id)
    amount = min(amount, refundable(order))
    if amount <= 0:
        return None
    try:
        return request_refund(order, amount, key=f"booking-{booking.reference}")
    except RefundError as error:
        raise CannotChangeBooking(str(error)) from error


def finish_cancellation(booking, *, reason, now, request=None, reference=None) -> Decimal:
    """Cancel the locked booking (if nobody has meanwhile) and record its refund, if any."""
    if booking.status == Booking.Status.CONFIRMED:
        mark_cancelled(booking, reason=reason, now=now)
    amount = Decimal("0.00")
    if request is not None:
        settle_refund(request, reference, notify=False)  # the cancellation email says it
        amount = request.amount
    booking.refunded_amount = amount
    booking.save(update_fields=["refunded_amount", "updated"])
    return amount


def mark_cancelled(booking, *, reason, now=None, refunded_amount=None):
    """Free a confirmed booking's time and tell the customer after the commit; moves no money.

    The caller holds the booking's row lock and settles the money itself."""
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now or timezone.now()
    booking.cancellation_reason = reason
    fields = ["status", "cancelled_at", "cancellation_reason", "updated"]
    if refunded_amount is not None:
        booking.refunded_amount = refunded_amount
        fields.append("refunded_amount")
    booking.save(update_fields=fields)
    enqueue_on_commit(send_booking_email, booking.pk, "cancelled")


def reschedule_booking(booking, new_start, *, now=None) -> Booking:
    """Move a confirmed booking to another free slot: the same booking, a new time."""
    now = now or timezone.now()
    service = booked_service(booking)
    if service is None:
        raise CannotChangeBooking("This service is no longer offered, so its time cannot change.")
    with transaction.atomic():
        service.lock()
        booking = locked_confirmed(booking.pk)
        if booking.start <= now:
            raise CannotChangeBooking("This booking has already started and cannot be moved.")
        if new_start == booking.start:
            raise CannotChangeBooking("Your booking is already at that time: choose another.")
        if service.slot_at(new_start, now=now, exclude_booking=booking) is None:
            raise CannotChangeBooking("That time is no longer free: please choose another.")
        previous = f"{booking.local_start:%A %d %B %Y, %H:%M}"
        booking.start = new_start
        booking.end = new_start + service.timing.duration
        booking.busy_until = new_start + service.timing.step
        booking.sequence += 1
        booking.reminder_sent_at = None
        booking.save(
            update_fields=[
                "start", "end", "busy_until", "sequence", "reminder_sent_at", "updated"
            ]
        )  # fmt: skip
        enqueue_on_commit(
            send_booking_email, booking.pk, "rescheduled", {"previous_start": previous}
        )
    return booking


OUTCOMES = {Booking.Status.COMPLETED, Booking.Status.NO_SHOW}


def record_outcome(booking, status, *, now=None) -> Booking:
    """The venue marks a booking that has started as completed or a no-show."""
    now = now or timezone.now()
    if status not in OUTCOMES:
        raise CannotChangeBooking("Choose completed or no-show.")
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
        if booking.status not in (Booking.Status.CONFIRMED, *OUTCOMES):
            raise CannotChangeBooking("Only confirmed bookings can be marked.")
        if booking.start > now:
            raise CannotChangeBooking("A booking can be marked once it has started.")
        booking.status = status
        booking.save(update_fields=["status", "updated"])
    return booking
