"""Signed links that let whoever holds a booking's email see, move or cancel it without an account.

A link carries the booking's reference and a keyed digest of its email, signed with Django's
`signing.dumps` (a `TimestampSigner`) under a salt used for nothing else, so no other signed
value of the site passes as one and a link works for one booking only. No table: a link needs
no write when an email goes out, and blanking the booking's email (account erasure) revokes
every link to it at once.

A link expires `BOOKING_LINK_MAX_AGE_DAYS` after the appointment ends, not after it was signed:
a confirmation may go out up to a year before the appointment, and a link must work until then.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from bookings.models import Booking

MANAGE_SALT = "bookings.links.manage"
EMAIL_SALT = "bookings.links.email"


class LinkRefused(Exception):
    """A link that opens nothing; `status` is the HTTP status of the page that says why."""

    status = 403


class LinkExpired(LinkRefused):
    status = 410


def email_digest(email: str) -> str:
    # Keyed, so the address cannot be read back from a link nor a digest forged for one.
    return salted_hmac(EMAIL_SALT, email.strip().lower()).hexdigest()[:24]


def manage_token(booking) -> str:
    """The token of the booking's "manage" link; "" when the booking has no email to bind to."""
    if not booking.email:
        return ""
    payload = {"b": booking.reference.hex, "e": email_digest(booking.email)}
    return signing.dumps(payload, salt=MANAGE_SALT)


def manage_path(booking) -> str:
    token = manage_token(booking)
    if not token:
        return ""
    return reverse("bookings:guest-detail", kwargs={"reference": booking.reference, "token": token})


def manage_url(booking) -> str:
    path = manage_path(booking)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path else ""


def calendar_url(booking) -> str:
    """The booking's .ics by its signed link: "add to calendar" works from any mail client."""
    token = manage_token(booking)
    if not token:
        return ""
    path = reverse("bookings:guest-ics", kwargs={"reference": booking.reference, "token": token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def link_expires_at(booking):
    return booking.end + timedelta(days=settings.BOOKING_LINK_MAX_AGE_DAYS)


def booking_from_token(reference, token, *, now=None) -> Booking:
    """The booking a link opens, or LinkRefused saying why it opens nothing."""
    try:
        payload = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as error:
        raise LinkRefused("This link is not valid. Please use the link from your email.") from error
    if not isinstance(payload, dict) or payload.get("b") != reference.hex:
        raise LinkRefused("This link is for another booking.")
    booking = (
        Booking.objects.exclude(status=Booking.Status.HELD)
        .select_related("venue", "service", "order_line__order")
        .filter(reference=reference)
        .first()
    )
    digest = str(payload.get("e", ""))
    if (
        booking is None
        or not booking.email
        or not constant_time_compare(digest, email_digest(booking.email))
    ):
        raise LinkRefused("This link no longer opens a booking.")
    if (now or timezone.now()) > link_expires_at(booking):
        raise LinkExpired("This link has expired: the appointment ended a while ago.")
    return booking
