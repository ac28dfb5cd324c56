"""The venue's rating is always exactly what its published reviews say: after any sequence of
changes, and with many people reviewing and deleting at once (PostgreSQL)."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.ratings import bayesian_score
from reviews.changes import delete_review, moderate, submit_review
from reviews.models import VenueReview
from venues.models import VenueRating

from .conftest import text


def expected(venue):
    published = list(VenueReview.objects.published().filter(venue=venue))
    return {
        "count": len(published),
        "total": sum(r.rating for r in published),
        "service_total": sum(r.service_rating for r in published),
        "distribution": {str(n): sum(r.rating == n for r in published) for n in range(1, 6)},
    }


def actual(venue):
    rating = VenueRating.objects.get(venue=venue)
    return {
        "count": rating.count,
        "total": rating.total,
        "service_total": rating.service_total,
        "distribution": rating.distribution,
    }


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["add", "hold", "delete", "reject"]), st.integers(1, 5)),
        min_size=1,
        max_size=8,
    )
)
def test_any_sequence_of_changes_leaves_the_rating_exact(venue, make_booking, user_factory, steps):
    VenueReview.objects.all().delete()
    moderator = user_factory(username="mod")
    for number, (step, stars) in enumerate(steps):
        reviews = list(VenueReview.objects.filter(venue=venue).order_by("pk"))
        if step in ("add", "hold") or not reviews:
            user = user_factory(username=f"r{number}-{len(steps)}-{stars}-{step}")
            body = "Too short." if step == "hold" else None
            words = text(stars, **({"body": body} if body else {}))
            submit_review(make_booking(venue, user=user).pk, words, user=user)
        elif step == "delete":
            victim = reviews[stars % len(reviews)]
            delete_review(victim, user=victim.user)
        else:
            moderate(reviews[stars % len(reviews)], publish=False, moderator=moderator)
        assert actual(venue) == expected(venue)


def test_the_bayesian_score_weighs_how_many_reviews():
    prior = Decimal("4.0")
    few_perfect = bayesian_score(total=10, count=2, prior_mean=prior, prior_weight=5)
    many_excellent = bayesian_score(
        total=48 * 100 // 10, count=100, prior_mean=prior, prior_weight=5
    )
    assert few_perfect == Decimal("4.286")  # (5·4 + 10) / 7
    assert many_excellent > few_perfect
    assert bayesian_score(0, 0, prior, 5) == prior.quantize(Decimal("0.001"))


PEOPLE = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reviews_and_deletions_keep_the_rating_exact(venue, make_booking, user_factory):
    people = [user_factory(username=f"guest{n}") for n in range(PEOPLE)]
    bookings = [make_booking(venue, user=person) for person in people]
    # Half of them reviewed earlier and delete now, while the other half review.
    earlier = [
        submit_review(booking.pk, text(1 + n % 5), user=person)
        for n, (booking, person) in enumerate(zip(bookings, people, strict=True))
        if n % 2
    ]
    fresh = [(b, p, n) for n, (b, p) in enumerate(zip(bookings, people, strict=True)) if not n % 2]

    def add(item):
        booking, person, n = item
        try:
            submit_review(booking.pk, text(1 + n % 5), user=person)
        finally:
            connections.close_all()

    def remove(review):
        try:
            delete_review(review, user=review.user)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        futures = [pool.submit(add, item) for item in fresh]
        futures += [pool.submit(remove, review) for review in earlier]
        for future in futures:
            future.result()

    assert VenueReview.objects.count() == len(fresh)
    assert actual(venue) == expected(venue)
    assert VenueRating.objects.get(venue=venue).count == len(fresh)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_first_reviews_of_a_venue_race_to_one_rating_row(venue, make_booking, user_factory):
    people = [user_factory(username=f"first{n}") for n in range(PEOPLE)]
    bookings = [make_booking(venue, user=person) for person in people]

    def add(pair):
        booking, person = pair
        try:
            submit_review(booking.pk, text(4), user=person)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        list(pool.map(add, zip(bookings, people, strict=True)))

    rating = VenueRating.objects.get(venue=venue)
    assert (rating.count, rating.total, rating.distribution["4"]) == (PEOPLE, 4 * PEOPLE, PEOPLE)
