"""The signed "review your visit" link of a guest's booking (as `bookings.links` does for
managing one): the booking's reference and a keyed digest of its email, under a salt of its own,
so a manage link never opens the review form nor the other way round. It expires
`REVIEW_LINK_MAX_AGE_DAYS` after the appointment ended."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from bookings.links import LinkExpired, LinkRefused, email_digest
from bookings.models import Booking

REVIEW_SALT = "reviews.links.write"

__all__ = ["LinkExpired", "LinkRefused", "booking_from_review_token", "review_url"]


def review_token(booking) -> str:
    if not booking.email:
        return ""
    payload = {"b": booking.reference.hex, "e": email_digest(booking.email)}
    return signing.dumps(payload, salt=REVIEW_SALT)


def review_path(booking) -> str:
    token = review_token(booking)
    if not token:
        return ""
    return reverse("reviews:write-by-link", kwargs={"reference": booking.reference, "token": token})


def review_url(booking) -> str:
    path = review_path(booking)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path else ""


def review_link_expires_at(booking):
    return booking.end + timedelta(days=settings.REVIEW_LINK_MAX_AGE_DAYS)


def booking_from_review_token(reference, token, *, now=None) -> Booking:
    try:
        payload = signing.loads(token, salt=REVIEW_SALT)
    except signing.BadSignature as error:
        raise LinkRefused("This link is not valid. Please use the link from your email.") from error
    if not isinstance(payload, dict) or payload.get("b") != reference.hex:
        raise LinkRefused("This link is for another visit.")
    booking = Booking.objects.select_related("venue").filter(reference=reference).first()
    if (
        booking is None
        or not booking.email
        or not constant_time_compare(str(payload.get("e", "")), email_digest(booking.email))
    ):
        raise LinkRefused("This link no longer opens a visit.")
    if (now or timezone.now()) > review_link_expires_at(booking):
        raise LinkExpired("This link has expired.")
    return booking
