"""The "How was your visit?" email: which bookings get one, each at most once.

It goes to the booking's address some hours after a completed appointment ended, unless the
address is on the suppression list (bounces, complaints, erasure) or its owner said no to
review requests (the latest `review_requests` consent record is a withdrawal). Bookings that
ended more than REVIEW_INVITATION_WINDOW_DAYS ago are never invited (no burst of old visits
when the feature is switched on).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.consent import is_suppressed
from accounts.models import ConsentRecord, normalise_email
from bookings.models import Booking

from .models import ReviewInvitation

REVIEW_REQUESTS = "review_requests"


def due_bookings(now=None):
    now = now or timezone.now()
    ended_before = now - timedelta(hours=settings.REVIEW_INVITATION_DELAY_HOURS)
    ended_after = now - timedelta(days=settings.REVIEW_INVITATION_WINDOW_DAYS)
    return Booking.objects.filter(
        status=Booking.Status.COMPLETED,
        end__lte=ended_before,
        end__gt=ended_after,
        review_invitation__isnull=True,
        review__isnull=True,
    ).exclude(email="", user__isnull=True)


def declined(booking) -> bool:
    subject = Q(email=normalise_email(booking.contact_email))
    if booking.user_id:
        subject |= Q(user_id=booking.user_id)
    latest = ConsentRecord.objects.filter(subject).latest_for(REVIEW_REQUESTS)
    return bool(latest) and not latest.is_given


def skip_reason(booking) -> str:
    if not booking.contact_email:
        return "no address"
    if is_suppressed(booking.contact_email):
        return "suppressed"
    if declined(booking):
        return "declined"
    return ""


def claim(booking) -> ReviewInvitation | None:
    """Record the invitation (one row per booking), or None when another run has it."""
    try:
        with transaction.atomic():
            return ReviewInvitation.objects.create(
                booking=booking, skipped_reason=skip_reason(booking)
            )
    except IntegrityError:
        return None
