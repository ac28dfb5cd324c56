"""Venue reviews in a person's data export, and what erasure leaves of them (the stars)."""

from .changes import anonymise_author
from .models import VenueReview


def export_venue_reviews(user):
    reviews = VenueReview.objects.filter(user=user).select_related("venue").order_by("created_at")
    return [
        {
            "venue": review.venue.title,
            "rating": review.rating,
            "service": review.service_rating,
            "cleanliness": review.cleanliness_rating,
            "value": review.value_rating,
            "title": review.title,
            "body": review.body,
            "status": review.status,
            "created_at": review.created_at.isoformat(),
            "photos": [photo.image.name for photo in review.photos.all()],
        }
        for review in reviews.prefetch_related("photos")
    ]


def anonymise_venue_reviews(user):
    anonymise_author(user)
