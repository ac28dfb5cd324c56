"""Review emails, sent by Celery."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from venues.tasks import RETRY

from .invitations import claim, due_bookings
from .links import review_url

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_review_invitations():
    """Beat: claim each due booking's invitation once, then queue the ones that may go."""
    sent = 0
    now = timezone.now()
    for booking in due_bookings(now).select_related("user")[:500]:
        invitation = claim(booking)
        if invitation and not invitation.skipped_reason:
            send_review_invitation.delay(booking.pk)
            sent += 1
    return sent


@shared_task(**RETRY)
def send_review_invitation(booking_id):
    booking = Booking.objects.select_related("venue", "user").filter(pk=booking_id).first()
    if booking is None or not booking.contact_email:
        return
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    # Account holders review signed in; guests (and accounts without a password) by link.
    link = review_url(booking) or base + reverse(
        "reviews:write", kwargs={"reference": booking.reference}
    )
    context = {"booking": booking, "review_url": link, "site_name": settings.SITE_NAME}
    subject, _, body = (
        render_to_string("reviews/email/invitation.txt", context).strip().partition("\n")
    )
    EmailMessage(subject.strip(), body.strip() + "\n", None, [booking.contact_email]).send()
