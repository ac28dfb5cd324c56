"""Automatic checks publish a review or hold it; Moderators publish or reject in the admin;
only published reviews count, and the rating follows every decision and edit."""

import pytest
from django.urls import reverse

from reviews.changes import NotAllowed, delete_review, edit_review, moderate, submit_review
from reviews.models import VenueReview
from reviews.moderation import reasons_to_hold
from venues.models import VenueRating

from .conftest import GOOD_BODY, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "body", "reason"),
    [
        ("Fine", "Nice, thanks.", "very short"),
        ("Great", GOOD_BODY + " Book at www.cheap-spa-deals.com instead", "contains a link"),
        ("Great", GOOD_BODY + " https://example.org/x", "contains a link"),
        ("Shit service", GOOD_BODY, "contains a blocked word"),
        ("Great", GOOD_BODY.replace("calm", "fucking calm"), "contains a blocked word"),
    ],
)
def test_what_the_automatic_checks_hold(title, body, reason):
    assert reason in reasons_to_hold(title, body)


def test_clean_reviews_pass_and_words_inside_words_do_not_trip_the_list():
    assert reasons_to_hold("Scrapbook-worthy", GOOD_BODY + " Classic Scunthorpe charm.") == []


def rating(venue):
    return VenueRating.objects.get(venue=venue)


def test_held_reviews_do_not_count_until_a_moderator_publishes_them(
    venue, make_booking, customer, user_factory
):
    booking = make_booking(venue, user=customer)
    review = submit_review(booking.pk, text(1, body="Awful. See www.rival.com"), user=customer)
    assert review.status == VenueReview.Status.PENDING
    assert "contains a link" in review.held_because
    assert rating(venue).count == 0

    moderator = user_factory(username="mod", roles=["Moderators"])
    moderate(review, publish=True, moderator=moderator)
    assert (rating(venue).count, rating(venue).total) == (1, 1)

    moderate(review, publish=False, moderator=moderator)
    assert (rating(venue).count, rating(venue).average) == (0, None)


def test_an_edit_after_rejection_goes_back_to_a_moderator(
    venue, make_booking, customer, user_factory
):
    review = submit_review(make_booking(venue, user=customer).pk, text(5), user=customer)
    moderate(review, publish=False, moderator=user_factory(username="mod", roles=["Moderators"]))

    review = edit_review(review, text(4, title="Second thoughts"), user=customer)

    assert review.status == VenueReview.Status.PENDING
    assert rating(venue).count == 0


def test_edits_and_deletions_move_the_rating(venue, review_of):
    first = review_of(venue, 5)
    review_of(venue, 3)
    assert (rating(venue).count, str(rating(venue).average)) == (2, "4.00")

    edit_review(first, text(1), user=first.user)
    assert (rating(venue).total, rating(venue).distribution["1"]) == (4, 1)

    delete_review(first, user=first.user)
    assert (rating(venue).count, rating(venue).total, str(rating(venue).average)) == (1, 3, "3.00")


def test_nobody_else_edits_or_deletes_a_review(venue, review_of, user_factory):
    review = review_of(venue, 5)
    stranger = user_factory(username="stranger")
    with pytest.raises(NotAllowed):
        edit_review(review, text(1), user=stranger)
    with pytest.raises(NotAllowed):
        delete_review(review, user=stranger)
    assert rating(venue).total == 5


def test_own_review_pages_answer_only_their_author(client, venue, review_of, user_factory):
    review = review_of(venue, 5)
    client.force_login(user_factory(username="stranger"))
    assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 404

    client.force_login(review.user)
    assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 302
    assert not VenueReview.objects.exists()
    assert rating(venue).count == 0


def test_moderators_publish_held_reviews_in_the_admin(
    client, venue, make_booking, customer, user_factory
):
    review = submit_review(
        make_booking(venue, user=customer).pk, text(2, body="Meh."), user=customer
    )
    moderator = user_factory(username="mod", roles=["Moderators"])
    moderator.is_superuser = False
    client.force_login(moderator)
    listing = client.get(reverse("venue_reviews:index") + "?status=pending")
    assert listing.status_code == 200
    assert review.title in listing.content.decode()

    response = client.post(
        reverse("venue_reviews:moderate", args=[review.pk]), {"decision": "publish"}
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == VenueReview.Status.PUBLISHED
    assert rating(venue).count == 1


def test_providers_cannot_moderate(client, venue, make_booking, customer, provider_of):
    review = submit_review(
        make_booking(venue, user=customer).pk, text(2, body="Meh."), user=customer
    )
    client.force_login(provider_of(venue, "venue-owner"))

    response = client.post(
        reverse("venue_reviews:moderate", args=[review.pk]), {"decision": "publish"}
    )

    assert response.status_code in (302, 403)
    review.refresh_from_db()
    assert review.status == VenueReview.Status.PENDING
