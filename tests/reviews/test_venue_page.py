"""The venue page: rating summary, sorted and paginated reviews, and schema.org data that
parses with what Google requires of AggregateRating and Review."""

import json
import re

import pytest

from reviews.presenting import REVIEWS_PER_PAGE

pytestmark = pytest.mark.django_db


def json_ld(response):
    content = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return {item["@type"]: item for item in map(json.loads, blocks)}


def test_aggregate_rating_and_reviews_in_the_venues_structured_data(client, venue, review_of):
    review_of(venue, 5, title="Bliss")
    review_of(venue, 4, title="Very good")
    review_of(venue, 2, title="Rushed")

    business = json_ld(client.get(venue.url))["LocalBusiness"]

    aggregate = business["aggregateRating"]
    assert aggregate["@type"] == "AggregateRating"
    assert float(aggregate["ratingValue"]) == pytest.approx(3.7)
    assert aggregate["reviewCount"] == 3
    assert (aggregate["bestRating"], aggregate["worstRating"]) == (5, 1)
    assert len(business["review"]) == 3
    for review in business["review"]:
        assert review["@type"] == "Review"
        assert review["author"]["name"]
        assert 1 <= review["reviewRating"]["ratingValue"] <= 5
        assert review["reviewBody"] and review["datePublished"]


def test_a_venue_without_reviews_claims_no_rating(client, venue):
    business = json_ld(client.get(venue.url))["LocalBusiness"]
    assert "aggregateRating" not in business
    assert "No reviews yet" in client.get(venue.url).content.decode()


def titles_in(response):
    return re.findall(r'<h3 class="review__title">(.*?)</h3>', response.content.decode())


def test_reviews_sort_by_newest_highest_and_lowest(client, venue, review_of):
    for stars, title in [(3, "Middling"), (5, "Top"), (1, "Poor")]:
        review_of(venue, stars, title=title)

    assert titles_in(client.get(venue.url)) == ["Poor", "Top", "Middling"]
    assert titles_in(client.get(venue.url + "?reviews=highest")) == ["Top", "Middling", "Poor"]
    assert titles_in(client.get(venue.url + "?reviews=lowest")) == ["Poor", "Middling", "Top"]
    assert titles_in(client.get(venue.url + "?reviews=nonsense"))[0] == "Poor"


def test_reviews_are_paginated_and_the_summary_counts_all(client, venue, review_of):
    for n in range(REVIEWS_PER_PAGE + 2):
        review_of(venue, 4, title=f"Visit {n}")

    first = client.get(venue.url)
    second = client.get(venue.url + "?reviews_page=2")

    assert len(titles_in(first)) == REVIEWS_PER_PAGE
    assert len(titles_in(second)) == 2
    assert f"{REVIEWS_PER_PAGE + 2} reviews" in first.content.decode()


def test_held_reviews_are_not_shown(client, venue, review_of):
    review_of(venue, 1, title="Spam", body="Visit www.spam.example now, best deals in town!")
    assert "Spam" not in titles_in(client.get(venue.url))


def test_the_page_keeps_its_query_budget_with_reviews(
    client, venue, review_of, django_assert_max_num_queries
):
    for n in range(REVIEWS_PER_PAGE + 1):
        review_of(venue, 1 + n % 5)
    client.get(venue.url)  # warm caches (site root, settings)
    with django_assert_max_num_queries(20):
        assert client.get(venue.url).status_code == 200
