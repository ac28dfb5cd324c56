"""Demo reviews: past visits to every live venue reviewed with varied stars and words (one held
for the Moderators, some answered by the venue), and reviews of some shop products.

Written through `submit_review`, so each venue's rating is computed as in real use. Runs
again without duplicating anything: a venue or product that has reviews is left alone."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from bookings.models import Booking
from venues.models import VenuePage

from .changes import ReviewText, submit_review
from .models import VenueReview

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")

# (stars, title, text): more good than bad, as on real sites, and every star used.
VENUE_REVIEWS = [
    (
        5,
        "Came out a new person",
        "Booked on a whim after a long week. Warm, welcoming and "
        "genuinely relaxing; the staff made time for questions without rushing me.",
    ),
    (
        4,
        "Really good value",
        "Fair prices for the quality, and they explained everything "
        "before starting. Parking nearby is tricky, so allow a few extra minutes.",
    ),
    (
        5,
        "Thoughtful from start to finish",
        "They asked about allergies before I arrived and had "
        "everything ready. Small touches, big difference.",
    ),
    (
        5,
        "Pure calm",
        "From the welcome to the tea afterwards, everything was unhurried. My "
        "therapist checked the pressure twice and remembered what I had said about my shoulder.",
    ),
    (
        5,
        "Worth every penny",
        "Spotless rooms, warm towels and a team who clearly like working "
        "together. I booked my next visit before I left.",
    ),
    (
        4,
        "Lovely, a little rushed at the end",
        "The treatment itself was excellent. The last "
        "few minutes felt hurried because the next client had arrived early.",
    ),
    (
        4,
        "Great find",
        "Easy to book, easy to find, and friendly staff. The changing area "
        "could do with a couple more hooks, but that is me being picky.",
    ),
    (
        3,
        "Good but not special",
        "Nothing went wrong and the room was clean, but I expected a "
        "bit more for the price. The tea was lovely though.",
    ),
    (
        5,
        "Best in town",
        "I have tried most places nearby and keep coming back here. Consistent, "
        "kind and properly skilled.",
    ),
    (
        2,
        "Waited twenty minutes",
        "The treatment was fine, but I waited twenty minutes past my "
        "time with no apology, which spoilt the calm.",
    ),
    (
        4,
        "Would recommend",
        "Booked for my mum's birthday and she loved it. Staff were patient with all her questions.",
    ),
    (
        1,
        "Not for me",
        "The room was cold and the music was loud from next door. I did tell them "
        "and they offered a partial refund, which I appreciated.",
    ),
]
REPLY = "Thank you for taking the time to tell us. We have shared this with the team."
REVIEWERS = ["ada", "ben", "chloe", "dev", "ella", "finn", "gita", "hal", "iris"]
PRODUCT_REVIEWS = [
    (5, "Beautifully made", "Even nicer than the photos, and it arrived well packed."),
    (4, "Very nice", "Good quality; delivery took a day longer than promised."),
    (5, "Bought a second one", "Lovely as a gift, so I bought another for myself."),
    (3, "Fine", "Does the job, but I expected a little more for the price."),
]


def build_reviews():
    """One demo step: reviews of every live venue and of the first few products."""
    for venue in VenuePage.objects.live().order_by("pk"):
        build_venue_reviews(venue)
    build_product_reviews()


def build_venue_reviews(venue):
    if VenueReview.objects.filter(venue=venue).exists():
        return
    chooser = random.Random(venue.pk)
    count = chooser.randint(3, len(VENUE_REVIEWS))
    picks = chooser.sample(VENUE_REVIEWS, count)
    now = timezone.now()
    for number, (stars, title, body) in enumerate(picks):
        name = REVIEWERS[number % len(REVIEWERS)]
        end = now - timedelta(days=3 + 4 * number, hours=chooser.randint(0, 8))
        booking = Booking.objects.create(
            venue=venue,
            service_title="Visit",
            email=f"{name}.reviews@example.com",
            start=end - timedelta(hours=1),
            end=end,
            busy_until=end,
            status=Booking.Status.COMPLETED,
        )
        sub = {
            "service_rating": max(1, min(5, stars + chooser.choice((-1, 0, 0, 1)))),
            "cleanliness_rating": max(1, min(5, stars + chooser.choice((0, 0, 1)))),
            "value_rating": max(1, min(5, stars + chooser.choice((-1, 0)))),
        }
        review = submit_review(
            booking.pk, ReviewText(rating=stars, title=title, body=body, **sub), now=now
        )
        VenueReview.objects.filter(pk=review.pk).update(
            author_name=f"{name.title()} {chr(65 + number)}.", created_at=end + timedelta(hours=5)
        )
        if stars <= 2 and review.is_published:
            VenueReview.objects.filter(pk=review.pk).update(reply=REPLY, replied_at=now)
    # One for the Moderators' queue: a link is held by the automatic checks.
    end = now - timedelta(days=1)
    booking = Booking.objects.create(
        venue=venue,
        service_title="Visit",
        email="held.reviews@example.com",
        start=end - timedelta(hours=1),
        end=end,
        busy_until=end,
        status=Booking.Status.COMPLETED,
    )
    submit_review(
        booking.pk,
        ReviewText(5, 5, 5, 5, "Great deals", "Loved it! Find discount codes at www.example.com"),
        now=now,
    )


def build_product_reviews():
    products = Product.objects.browsable().exclude(product_class__slug="venue-service")
    for index, product in enumerate(products.order_by("pk")[:8]):
        if product.reviews.exists():
            continue
        with transaction.atomic():
            for number, (stars, title, body) in enumerate(PRODUCT_REVIEWS[: 1 + index % 4]):
                name = REVIEWERS[(index + number) % len(REVIEWERS)]
                ProductReview.objects.create(
                    product=product,
                    name=f"{name.title()} {chr(65 + number)}.",
                    email=f"{name}@example.com",
                    score=max(1, stars - (index + number) % 2),
                    title=title,
                    body=body,
                    status=ProductReview.APPROVED,
                )
            product.update_rating()
