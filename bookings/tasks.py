"""Booking emails and housekeeping, run by Celery (emails queued on commit by the callers)."""

import logging

from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from core.emails import build_message
from venues.tasks import RETRY  # the same policy as the venue moderation emails

from . import holds
from .ics import booking_calendar
from .links import calendar_url, manage_url

logger = logging.getLogger(__name__)

EMAIL_KINDS = {"confirmed", "reminder", "cancelled", "rescheduled"}


def render_booking_email(kind, context) -> tuple[str, str]:
    """(subject, body): a booking email template's first line is its subject."""
    subject, _, body = (
        render_to_string(f"bookings/email/{kind}.txt", context).strip().partition("\n")
    )
    return subject.strip(), body.strip()


def greeting_name(booking) -> str:
    """The booker's first name from the order (or account); never a username."""
    order = booking.order_line.order if booking.order_line_id else None
    if order is not None and order.greeting_name:
        return order.greeting_name
    if booking.user_id:
        return booking.user.first_name
    return ""


@shared_task(**RETRY)
def send_booking_email(booking_id, kind, extra=None):
    """Confirmation, reminder, cancellation or reschedule notice, with the .ics attached."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"Unknown booking email {kind!r}")
    booking = (
        Booking.objects.select_related("venue", "service", "user", "order_line__order")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or not booking.contact_email:
        return
    context = {
        "booking": booking,
        "site_name": settings.SITE_NAME,
        "my_bookings_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("bookings:mine"),
        # Works without an account: guests see, move and cancel the booking from it.
        "manage_url": manage_url(booking),
        "calendar_url": calendar_url(booking),
        "greeting_name": greeting_name(booking),
        **(extra or {}),
    }
    subject, body = render_booking_email(kind, context)
    message = build_message(subject, body, [booking.contact_email])
    message.attach("booking.ics", booking_calendar(booking), "text/calendar")
    message.send()


@shared_task(ignore_result=True)
def release_expired_holds():
    released = holds.release_expired_holds()
    if released:
        logger.info("Released %d expired booking holds", released)
    return released


@shared_task(ignore_result=True)
def send_booking_reminders():
    """Claim each due reminder with a conditional UPDATE, so a second run sends nothing."""
    now = timezone.now()
    sent = 0
    for booking_id in Booking.objects.due_reminder(now).values_list("pk", flat=True):
        claimed = Booking.objects.filter(pk=booking_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed:
            send_booking_email.delay(booking_id, "reminder")
            sent += 1
    return sent


# Messages queued before bookings became an app of its own name these tasks by their old module;
# each old name hands its call on to the task it meant (beat already uses the new names).
@shared_task(name="venues.bookings.tasks.send_booking_email", ignore_result=True)
def send_booking_email_queued_under_old_name(booking_id, kind, extra=None):
    send_booking_email.delay(booking_id, kind, extra)


@shared_task(name="venues.bookings.tasks.release_expired_holds", ignore_result=True)
def release_expired_holds_queued_under_old_name():
    release_expired_holds.delay()


@shared_task(name="venues.bookings.tasks.send_booking_reminders", ignore_result=True)
def send_booking_reminders_queued_under_old_name():
    send_booking_reminders.delay()
