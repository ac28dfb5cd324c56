"""Venues' review aggregates in the index: the rating facet and filter, and "top rated" that
weighs how many reviews, on every engine."""

import pytest

from search.documents import registry
from search.query import SearchQuery
from tests.reviews.conftest import (  # noqa: F401 (the review fixtures these build on)
    category,
    make_booking,
    make_venue,
    review_of,
    venue_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated_venues(make_venue, review_of):  # noqa: F811
    few_perfect = make_venue("Few Perfect Spa")
    many_excellent = make_venue("Many Excellent Spa")
    one_average = make_venue("One Average Spa")
    make_venue("Unreviewed Spa")
    for stars in (5, 5):
        review_of(few_perfect, stars)
    for stars in (5, 5, 5, 5, 5, 5, 4, 4):  # 4.75 from eight
        review_of(many_excellent, stars)
    review_of(one_average, 3)
    return few_perfect, many_excellent, one_average


def index_venues(engine):
    for batch in registry["venue"].documents():
        engine.index(batch)


def titles(results):
    return [hit.title for hit in results.hits]


def test_venue_documents_carry_rating_count_and_score(rated_venues):
    few_perfect, many_excellent, _ = rated_venues
    documents = {d.title: d for batch in registry["venue"].documents() for d in batch}
    assert documents["Few Perfect Spa"].rating == 5.0
    assert documents["Few Perfect Spa"].review_count == 2
    assert documents["Few Perfect Spa"].top_score == pytest.approx((5 * 4 + 10) / 7, abs=1e-3)
    assert documents["Many Excellent Spa"].review_count == 8
    assert documents["Unreviewed Spa"].rating is None
    assert documents["Unreviewed Spa"].review_count == 0


def test_rating_facet_and_top_rated_sort_for_venues(empty_engine, rated_venues):
    index_venues(empty_engine)

    top_rated = empty_engine.search(SearchQuery(kinds=["venue"], sort="rating"))
    assert titles(top_rated) == [
        "Many Excellent Spa",  # 4.75 from eight outweighs 5.0 from two
        "Few Perfect Spa",
        "One Average Spa",
        "Unreviewed Spa",
    ]
    assert [hit.review_count for hit in top_rated.hits] == [8, 2, 1, 0]
    counts = {v.value: v.count for v in top_rated.facets["rating"] if v.count}
    assert counts == {"4": 2, "3": 3}

    four_and_up = empty_engine.search(SearchQuery(kinds=["venue"], rating_min=4, sort="rating"))
    assert titles(four_and_up) == ["Many Excellent Spa", "Few Perfect Spa"]
