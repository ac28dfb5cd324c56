"""Slots in the basket: holding one, keeping holds alive at checkout, confirming, releasing.

Every capacity check runs under the service's lock row (`BookableService.lock`), so on
PostgreSQL parallel shoppers queue for it and only as many as there are places get a hold.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from bookings.models import Booking
from core import page_cache
from outbox.delivery import enqueue_on_commit
from shop.lines import LineUnavailable
from venues.services import VENUE_SERVICE_CLASS

from .service import BookableService, ServiceNotFound

Option = get_model("catalogue", "Option")

SLOT_OPTION_CODE = "booking-slot"


class SlotUnavailable(LineUnavailable):
    """A slot that cannot be held (taken, past, out of the window); the message says why."""


def hold_minutes():
    return timedelta(minutes=settings.BOOKING_HOLD_MINUTES)


def slot_option():
    option, _ = Option.objects.get_or_create(
        code=SLOT_OPTION_CODE, defaults={"name": "Time", "type": Option.TEXT, "required": False}
    )
    return option


def slot_label(service, start):
    local = timezone.localtime(start, service.venue.zone)
    end = timezone.localtime(start + service.timing.duration, service.venue.zone)
    return f"{local:%a %d %b %Y, %H:%M}–{end:%H:%M} ({service.venue.title})"


def taken_message(title, start, zone):
    return (
        f"Sorry, {title} at {timezone.localtime(start, zone):%H:%M on %a %d %b} is no longer "
        "available. Please choose another time."
    )


def hold_slot(product_id, start, basket, *, user=None, now=None) -> Booking:
    """Put the service in the basket at `start` and hold a place for it.

    Raises SlotUnavailable (a message for the shopper) when the slot is not free.
    """
    now = now or timezone.now()
    try:
        service = BookableService.load(product_id)
    except ServiceNotFound as error:
        raise SlotUnavailable(str(error)) from None
    with transaction.atomic():
        service.lock()
        options = [{"option": slot_option(), "value": slot_label(service, start)}]
        reference = basket._create_line_reference(service.product, service.stockrecord, options)
        existing = basket.lines.filter(line_reference=reference).first() if basket.id else None
        if existing is not None:
            return hold_line(existing, now=now)  # already in the basket: keep it held
        if service.slot_at(start, now=now) is None:
            raise SlotUnavailable(taken_message(service.title, start, service.venue.zone))
        line, _ = basket.add_product(service.product, 1, options)
        return Booking.objects.create(
            venue=service.venue,
            service=service.product,
            service_title=service.title,
            user=user if user is not None and user.is_authenticated else None,
            email=getattr(user, "email", "") or "",
            start=start,
            end=start + service.timing.duration,
            busy_until=start + service.timing.step,
            status=Booking.Status.HELD,
            hold_expires_at=now + hold_minutes(),
            basket_line=line,
        )


def hold_line(line, *, now=None) -> Booking:
    """Keep the line's booking held for another hold period, taking its place again if lost."""
    now = now or timezone.now()
    booking = Booking.objects.filter(basket_line=line).select_related("venue").first()
    title = line.product.get_title()
    if booking is None:
        raise SlotUnavailable(
            f"{title} needs a time: remove it from your basket and book it from its page."
        )
    if line.quantity != 1:
        raise SlotUnavailable(f"{title} is booked one place per line: set its quantity to 1.")
    extended = Booking.objects.filter(
        pk=booking.pk, status=Booking.Status.HELD, hold_expires_at__gt=now
    ).update(hold_expires_at=now + hold_minutes())
    if extended:
        booking.hold_expires_at = now + hold_minutes()
        return booking
    # The hold lapsed or was released: take the place again if it is still free.
    with transaction.atomic():
        try:
            service = BookableService.load(booking.service_id)
        except ServiceNotFound:
            raise SlotUnavailable(f"{title} can no longer be booked.") from None
        service.lock()
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
        if booking.status not in (Booking.Status.HELD, Booking.Status.CANCELLED):
            raise SlotUnavailable(f"{title} is already booked.")
        if service.slot_at(booking.start, now=now, exclude_booking=booking) is None:
            raise SlotUnavailable(taken_message(title, booking.start, service.venue.zone))
        booking.status = Booking.Status.HELD
        booking.hold_expires_at = now + hold_minutes()
        booking.cancelled_at = None
        booking.cancellation_reason = ""
        booking.save(
            update_fields=[
                "status", "hold_expires_at", "cancelled_at", "cancellation_reason", "updated"
            ]
        )  # fmt: skip
    return booking


def booking_lines(basket):
    return [
        line
        for line in basket.all_lines()
        if line.product.get_product_class().slug == VENUE_SERVICE_CLASS
    ]


def hold_basket_slots(basket, *, now=None) -> list[str]:
    """Extend (or retake) every booking hold in the basket; the problems, as messages."""
    problems = []
    for line in booking_lines(basket):
        try:
            hold_line(line, now=now)
        except SlotUnavailable as error:
            problems.append(str(error))
    return problems


def confirm_line_booking(basket_line, order_line, order):
    """Inside order placement: the line's held booking becomes the order's booking."""
    confirmed = Booking.objects.filter(basket_line=basket_line, status=Booking.Status.HELD)
    updated = confirmed.update(
        status=Booking.Status.CONFIRMED,
        order_line=order_line,
        hold_expires_at=None,
        user=order.user,
        email=order.email or (order.user.email if order.user else ""),
        updated=timezone.now(),
    )
    if updated:
        from .tasks import send_booking_email

        booking_id = Booking.objects.get(order_line=order_line).pk
        enqueue_on_commit(send_booking_email, booking_id, "confirmed")
    return updated


def release_holds(bookings, reason, *, now=None):
    now = now or timezone.now()
    released = bookings.filter(status=Booking.Status.HELD).update(
        status=Booking.Status.CANCELLED, cancelled_at=now, cancellation_reason=reason, updated=now
    )
    if released:
        # An UPDATE sends no save signal: the freed times must show on cached pages.
        page_cache.invalidate("bookings")
    return released


def release_basket_holds(basket_id, reason="Payment did not go through"):
    return release_holds(Booking.objects.filter(basket_line__basket_id=basket_id), reason)


def release_expired_holds(now=None):
    now = now or timezone.now()
    return release_holds(Booking.objects.expired_holds(now), "Hold expired", now=now)


def release_line_hold(sender, instance, **kwargs):
    """A slot line leaving the basket (removed, or the basket expired) frees its place."""
    release_holds(Booking.objects.filter(basket_line_id=instance.pk), "Removed from basket")
