"""Product reviews: only buyers may write them while SHOP_REVIEWS_VERIFIED_ONLY is on, buyers'
reviews say "Verified purchase", and product cards show stars only once there are reviews."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order, create_product, create_stockrecord

from search.documents import registry
from search.engines.database import DatabaseEngine
from shop.order.refunds import CANCELLED
from tests.factories import UserFactory
from tests.home.test_seo import json_ld

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")
Basket = get_model("basket", "Basket")


@pytest.fixture
def product(db):
    product = create_product(title="Beeswax pillar candle")
    create_stockrecord(product, num_in_stock=10)
    return product


def buy(user, product):
    from oscar.apps.partner.strategy import Default

    basket = Basket.objects.create(owner=user)
    basket.strategy = Default()
    basket.add_product(product)
    return create_order(basket=basket, user=user)


def add_url(product):
    return reverse(
        "catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )


def list_url(product):
    return reverse(
        "catalogue:reviews-list", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )


REVIEW = {"title": "Burns for ages", "body": "Lovely smell and a clean flame.", "score": 5}


def test_someone_who_never_bought_it_cannot_review(client, product):
    client.force_login(UserFactory(username="browser"))

    response = client.post(add_url(product), REVIEW, follow=True)

    assert "can&#x27;t leave a review" in response.content.decode() or "can't leave" in (
        response.content.decode()
    )
    assert not ProductReview.objects.exists()


def test_a_cancelled_order_is_no_purchase(client, product):
    user = UserFactory(username="changed-mind")
    order = buy(user, product)
    order.status = CANCELLED
    order.save()
    client.force_login(user)

    client.post(add_url(product), REVIEW)

    assert not ProductReview.objects.exists()


def test_a_buyer_reviews_and_is_marked_verified(client, product):
    buyer = UserFactory(username="buyer")
    buy(buyer, product)
    client.force_login(buyer)

    response = client.post(add_url(product), REVIEW)

    assert response.status_code == 302
    review = ProductReview.objects.get()
    review.status = ProductReview.APPROVED
    review.save()
    page = client.get(list_url(product)).content.decode()
    assert "Burns for ages" in page
    assert "data-verified-purchase" in page


def test_with_the_rule_off_anyone_reviews_but_only_buyers_are_verified(client, product, settings):
    settings.SHOP_REVIEWS_VERIFIED_ONLY = False
    client.force_login(UserFactory(username="browser"))

    assert client.post(add_url(product), REVIEW).status_code == 302

    ProductReview.objects.update(status=ProductReview.APPROVED)
    page = client.get(list_url(product)).content.decode()
    assert "Burns for ages" in page
    assert "data-verified-purchase" not in page


def test_cards_show_stars_only_for_reviewed_products(client, product, settings):
    settings.SEARCH_ENGINE = "database"
    unreviewed = create_product(title="Sea salt candle")
    create_stockrecord(unreviewed, num_in_stock=3)
    ProductReview.objects.create(
        product=product,
        user=UserFactory(username="buyer"),
        title="Good",
        body="Good",
        score=4,
        status=ProductReview.APPROVED,
    )
    product.update_rating()
    engine = DatabaseEngine()
    for batch in registry["product"].documents():
        engine.index(batch)

    page = client.get(reverse("catalogue:index")).content.decode()

    assert "Sea salt candle" in page and "Beeswax pillar candle" in page
    assert page.count('class="star-rating') == 1


def test_product_json_ld_has_aggregate_rating_and_reviews(client, product):
    for n, score in enumerate([5, 4]):
        ProductReview.objects.create(
            product=product,
            user=UserFactory(username=f"buyer{n}"),
            title=f"Review {n}",
            body="Good candle.",
            score=score,
            status=ProductReview.APPROVED,
        )
    product.update_rating()

    data = json_ld(client.get(product.get_absolute_url()))["Product"]

    assert data["aggregateRating"]["@type"] == "AggregateRating"
    assert data["aggregateRating"]["ratingValue"] == "4.5"
    assert data["aggregateRating"]["reviewCount"] == 2
    assert {r["reviewRating"]["ratingValue"] for r in data["review"]} == {5, 4}
    assert all(r["author"]["name"] and r["@type"] == "Review" for r in data["review"])


def test_no_rating_claimed_without_reviews(client, product):
    assert "aggregateRating" not in json_ld(client.get(product.get_absolute_url()))["Product"]
