"""Demo reviews: varied stars across venues, one held for Moderators, ratings computed, and a
second run adds nothing."""

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from reviews.demo import build_product_reviews, build_reviews
from reviews.models import VenueReview
from venues.models import VenueRating

pytestmark = pytest.mark.django_db
ProductReview = get_model("reviews", "ProductReview")


def test_demo_reviews_rate_every_venue_once(make_venue):
    venues = [make_venue("Tidewater Spa"), make_venue("Harbour Nails")]

    build_reviews()
    counts = {v.pk: VenueReview.objects.filter(venue=v).count() for v in venues}
    build_reviews()

    assert {v.pk: VenueReview.objects.filter(venue=v).count() for v in venues} == counts
    for venue in venues:
        published = VenueReview.objects.published().filter(venue=venue)
        rating = VenueRating.objects.get(venue=venue)
        assert rating.count == published.count() >= 3
        assert rating.total == sum(published.values_list("rating", flat=True))
        assert VenueReview.objects.filter(venue=venue, status="pending").count() == 1
    stars = set(VenueReview.objects.published().values_list("rating", flat=True))
    assert len(stars) >= 3


def test_demo_product_reviews_give_products_a_rating():
    product = create_product(title="Beeswax pillar candle")

    build_product_reviews()
    build_product_reviews()

    product.refresh_from_db()
    assert ProductReview.objects.filter(product=product).count() == 1
    assert product.rating is not None
