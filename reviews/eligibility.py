"""Who may review a venue: the customer of a booking there that took place, once per booking,
and never someone who manages the venue."""

from django.db.models import Q
from django.utils import timezone

from bookings.models import Booking
from venues.models import VenueManager


class CannotReview(Exception):
    """Why this booking cannot be reviewed (shown to the person as it is)."""


def manages_venue(venue, *, user=None, email="") -> bool:
    """True for the venue's managers and its partner's users, by account or address."""
    who = Q()
    if user is not None and user.is_authenticated:
        who |= Q(pk=user.pk)
    if email:
        who |= Q(email__iexact=email)
    if not who:
        return False
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(who)
    if VenueManager.objects.filter(venue_id=venue.pk, user__in=people).exists():
        return True
    return bool(venue.partner_id) and venue.partner.users.filter(pk__in=people).exists()


def check_can_review(booking: Booking, *, user=None, now=None) -> None:
    """Raise CannotReview unless this booking may be reviewed now (by `user`, when signed in)."""
    now = now or timezone.now()
    if user is not None and booking.user_id != user.pk:
        raise CannotReview("Only the customer of this booking can review it.")
    if booking.status != Booking.Status.COMPLETED or booking.end > now:
        raise CannotReview("You can review a visit once it has taken place.")
    if hasattr(booking, "review") and booking.review is not None:
        raise CannotReview("You have already reviewed this visit.")
    if manages_venue(booking.venue, user=user or booking.user, email=booking.email):
        raise CannotReview("You cannot review a venue you manage.")


def reviewable_bookings(user, now=None):
    """The user's completed, ended, not yet reviewed bookings (for "Write a review" links)."""
    now = now or timezone.now()
    return (
        Booking.objects.filter(
            user=user, status=Booking.Status.COMPLETED, end__lte=now, review__isnull=True
        )
        .select_related("venue")
        .order_by("-end")
    )
