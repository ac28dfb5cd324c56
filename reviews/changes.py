"""Every change to a venue review, each in one transaction with its venue's rating."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import Booking

from .aggregates import changing_venue
from .eligibility import CannotReview, check_can_review, manages_venue
from .models import ANONYMOUS_AUTHOR, ReviewPhoto, ReviewReport, VenueReview
from .moderation import reasons_to_hold


class NotAllowed(Exception):
    """The person may not do this to this review (shown to them as it is)."""


@dataclass(frozen=True)
class ReviewText:
    rating: int
    service_rating: int
    cleanliness_rating: int
    value_rating: int
    title: str
    body: str

    def apply_to(self, review):
        for name, value in self.__dict__.items():
            setattr(review, name, value)
        reasons = reasons_to_hold(self.title, self.body)
        review.status = VenueReview.Status.PENDING if reasons else VenueReview.Status.PUBLISHED
        review.held_because = ", ".join(reasons)


def author_name_of(booking, user):
    """ "Anna K." from the account, "Verified customer" for a guest: never a full name."""
    person = user or booking.user
    first = person.first_name.strip() if person else ""
    if not first:
        return "Verified customer"
    last = person.last_name.strip()
    return f"{first} {last[0]}." if last else first


def submit_review(booking_id, text: ReviewText, *, user=None, photos=(), now=None) -> VenueReview:
    """Write the review of a booking; CannotReview when it may not be (checked under the lock)."""
    venue_id = Booking.objects.values_list("venue_id", flat=True).get(pk=booking_id)
    with changing_venue(venue_id):
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("venue__partner", "user")
            .get(pk=booking_id)
        )
        check_can_review(booking, user=user, now=now)
        review = VenueReview(
            venue_id=venue_id,
            booking=booking,
            user=user or booking.user,
            author_name=author_name_of(booking, user),
        )
        text.apply_to(review)
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError as error:  # the same visit reviewed a moment ago
            raise CannotReview("You have already reviewed this visit.") from error
        for upload in photos:
            ReviewPhoto.objects.create(review=review, image=upload)
    return review


def _own_review(review_id, user):
    review = VenueReview.objects.select_for_update().get(pk=review_id)
    if user is None or review.user_id != user.pk:
        raise NotAllowed("You can only change your own reviews.")
    return review


def edit_review(review, text: ReviewText, *, user) -> VenueReview:
    with changing_venue(review.venue_id):
        review = _own_review(review.pk, user)
        was_rejected = review.status == VenueReview.Status.REJECTED
        text.apply_to(review)  # checked again: an edit may add what a first draft lacked
        if was_rejected:  # a rejected review goes back to a Moderator, never straight out
            review.status = VenueReview.Status.PENDING
            review.held_because = review.held_because or "edited after rejection"
        review.moderated_at = review.moderated_by = None
        review.save()
    return review


def delete_review(review, *, user) -> None:
    with changing_venue(review.venue_id):
        review = _own_review(review.pk, user)
        for photo in review.photos.all():
            name, storage = photo.image.name, photo.image.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))
        review.delete()


def moderate(review, *, publish: bool, moderator, now=None) -> VenueReview:
    with changing_venue(review.venue_id):
        review = VenueReview.objects.select_for_update().get(pk=review.pk)
        review.status = VenueReview.Status.PUBLISHED if publish else VenueReview.Status.REJECTED
        review.moderated_at = now or timezone.now()
        review.moderated_by = moderator
        review.save(update_fields=["status", "moderated_at", "moderated_by", "updated_at"])
        if not publish:
            review.reports.update(resolved=True)
    return review


def check_provider(review, user):
    if not manages_venue(review.venue, user=user):
        raise NotAllowed("Only the venue's own team can do this.")


def reply_to_review(review, text: str, *, user, now=None) -> VenueReview:
    """The venue's one public reply; refused for other venues and when one is already there."""
    check_provider(review, user)
    with transaction.atomic():
        review = VenueReview.objects.select_for_update().get(pk=review.pk)
        if review.reply:
            raise NotAllowed("This review already has the venue's reply.")
        if not review.is_published:
            raise NotAllowed("Only published reviews can be answered.")
        review.reply = text.strip()
        review.replied_at = now or timezone.now()
        review.replied_by = user
        review.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
    return review


def report_review(review, reason: str, *, user) -> ReviewReport:
    check_provider(review, user)
    report, _ = ReviewReport.objects.get_or_create(
        review=review, reported_by=user, defaults={"reason": reason.strip()}
    )
    return report


def anonymise_author(user) -> int:
    """Erasure: reviews keep their stars and words, not who wrote them nor their photos."""
    photos = ReviewPhoto.objects.filter(review__user=user)
    for photo in photos:
        name, storage = photo.image.name, photo.image.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    photos.delete()
    return VenueReview.objects.filter(user=user).update(user=None, author_name=ANONYMOUS_AUTHOR)
