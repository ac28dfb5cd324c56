"""Keeping `venues.VenueRating` exact: every review change goes through `changing_venue`.

The order of locks is fixed: first the venue's rating row, then the review. Whoever changes a
review of a venue therefore waits for anyone else doing so, and once they hold the rating row
every change committed before them is visible; the row is then rebuilt from the published
reviews in one aggregate query, inside the same transaction as the change. Nothing is ever
added or subtracted, so nothing can drift, and page views only read the row.
"""

from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, Q, Sum

from venues import showcase
from venues.models import VenueRating
from venues.models.ratings import STARS

from .models import VenueReview


def lock_rating(venue_id) -> VenueRating:
    # ON CONFLICT DO NOTHING: two first reviews of a venue both create-or-find the one row.
    VenueRating.objects.bulk_create([VenueRating(venue_id=venue_id)], ignore_conflicts=True)
    return VenueRating.objects.select_for_update().get(venue_id=venue_id)


def rebuild(rating: VenueRating) -> VenueRating:
    published = VenueReview.objects.published().filter(venue_id=rating.venue_id)
    figures = published.aggregate(
        count=Count("pk"),
        total=Sum("rating", default=0),
        service_total=Sum("service_rating", default=0),
        cleanliness_total=Sum("cleanliness_rating", default=0),
        value_total=Sum("value_rating", default=0),
        **{f"stars_{n}": Count("pk", filter=Q(rating=n)) for n in STARS},
    )
    rating.count = figures["count"]
    rating.total = figures["total"]
    rating.service_total = figures["service_total"]
    rating.cleanliness_total = figures["cleanliness_total"]
    rating.value_total = figures["value_total"]
    rating.distribution = {str(n): figures[f"stars_{n}"] for n in STARS}
    rating.recompute_derived()
    rating.save()
    transaction.on_commit(showcase.forget_listings)  # cached "top rated" picks follow
    return rating


@contextmanager
def changing_venue(venue_id):
    """Lock the venue's rating, let the caller change its reviews, then rebuild the rating."""
    with transaction.atomic():
        rating = lock_rating(venue_id)
        yield rating
        rebuild(rating)


def locked_review(review_id) -> VenueReview:
    """The review, locked after its venue's rating (the fixed order); DoesNotExist if gone."""
    venue_id = VenueReview.objects.values_list("venue_id", flat=True).get(pk=review_id)
    lock_rating(venue_id)
    return VenueReview.objects.select_for_update().get(pk=review_id)
