"""Reviews of venues by the customers of bookings that took place there.

A review belongs to one booking (so one review per visit); only published reviews count in the
venue's `venues.VenueRating`, which `reviews.aggregates` keeps exact inside every change.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

STAR_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
ANONYMOUS_AUTHOR = "A former customer"


def stars_field(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, validators=STAR_VALIDATORS)


class VenueReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=VenueReview.Status.PUBLISHED)

    def for_venue_page(self, venue, order="newest"):
        ordering = {
            "newest": ["-created_at", "-pk"],
            "highest": ["-rating", "-created_at", "-pk"],
            "lowest": ["rating", "-created_at", "-pk"],
        }[order]
        return (
            self.published()
            .filter(venue=venue)
            .select_related("booking")
            .prefetch_related("photos")
            .order_by(*ordering)
        )


class VenueReview(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Held for moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    venue = models.ForeignKey("venues.VenuePage", on_delete=models.CASCADE, related_name="reviews")
    # One review per visit; the booking may go (erasure keeps bookings, but be safe).
    booking = models.OneToOneField(
        "bookings.Booking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venue_reviews",
    )
    author_name = models.CharField(max_length=80)
    rating = stars_field("overall")
    service_rating = stars_field("service")
    cleanliness_rating = stars_field("cleanliness")
    value_rating = stars_field("value")
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=4000)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    # Why the automatic checks held it (shown to moderators).
    held_because = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField("provider's reply", max_length=2000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VenueReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["venue", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="venue_review_rating_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.title} ({self.author_name})"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def star_values(self):
        return {
            "rating": self.rating,
            "service": self.service_rating,
            "cleanliness": self.cleanliness_rating,
            "value": self.value_rating,
        }


def photo_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reviews/{instance.review_id}/{timezone.now():%Y%m%d%H%M%S%f}.{extension}"


class ReviewPhoto(models.Model):
    review = models.ForeignKey(VenueReview, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=photo_path)

    def __str__(self):
        return self.image.name


class ReviewReport(models.Model):
    """A provider's report that a review breaks the rules; moderators act on it."""

    review = models.ForeignKey(VenueReview, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reported_by"], name="one_report_per_reviewer_and_review"
            )
        ]

    def __str__(self):
        return f"Report on review {self.review_id}"


class ReviewInvitation(models.Model):
    """The "How was your visit?" email of one booking: a row means it was claimed (sent once)."""

    booking = models.OneToOneField(
        "bookings.Booking", on_delete=models.CASCADE, related_name="review_invitation"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    skipped_reason = models.CharField(max_length=40, blank=True)

    def __str__(self):
        return f"Review invitation for booking {self.booking_id}"
