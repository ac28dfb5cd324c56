"""What a venue page shows of its reviews (registered with `venues.extensions`)."""

from django.core.paginator import Paginator

from venues.models import VenueRating

from .eligibility import manages_venue, reviewable_bookings
from .models import VenueReview

REVIEWS_PER_PAGE = 5
ORDERS = {"newest": "Newest", "highest": "Highest rated", "lowest": "Lowest rated"}
# Google shows a handful; the page lists more.
JSON_LD_REVIEWS = 5


def rating_of(venue):
    try:
        return venue.rating
    except VenueRating.DoesNotExist:
        return None


def venue_page_reviews(venue, request, *, services, now) -> dict:
    rating = rating_of(venue)
    order = request.GET.get("reviews")
    order = order if order in ORDERS else "newest"
    reviews = Paginator(VenueReview.objects.for_venue_page(venue, order), REVIEWS_PER_PAGE)
    page = reviews.get_page(request.GET.get("reviews_page"))
    user = request.user if request.user.is_authenticated else None
    return {
        "venue_rating": rating if rating and rating.count else None,
        "reviews_page": page,
        "review_order": order,
        "review_orders": ORDERS,
        "is_venue_team": bool(user) and manages_venue(venue, user=user),
        "reviewable_booking": (
            reviewable_bookings(user, now).filter(venue=venue).first() if user else None
        ),
        "local_business_extra": structured_reviews(rating, page.object_list),
    }


def structured_reviews(rating, reviews) -> dict:
    """schema.org `aggregateRating` and `review` of the venue's LocalBusiness."""
    if not rating or not rating.count:
        return {}
    return {
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": str(rating.average_one_dp),
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        },
        "review": [
            {
                "@type": "Review",
                "author": {"@type": "Person", "name": review.author_name},
                "datePublished": review.created_at.date().isoformat(),
                "name": review.title,
                "reviewBody": review.body,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
            }
            for review in list(reviews)[:JSON_LD_REVIEWS]
        ],
    }
