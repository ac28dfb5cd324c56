import json
from decimal import Decimal as D

import pytest
from django.urls import reverse
from oscar.test.factories import create_product

from shop.payment import stripe_gateway
from tests.shop.stripe_fake import WEBHOOK_SECRET, FakeStripe, sign

ADDRESS = {
    "first_name": "Ann",
    "last_name": "Lee",
    "line1": "1 Quay Street",
    "line4": "Bristol",
    "postcode": "BS1 4DJ",
    "country": "GB",
    "phone_number": "",
}


@pytest.fixture
def product(db, countries):
    return create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=10)


@pytest.fixture
def second_product(db, countries):
    return create_product(title="Linen Tea Towel", price=D("8.00"), num_in_stock=10)


@pytest.fixture
def stripe_fake(settings, monkeypatch):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake = FakeStripe()
    monkeypatch.setattr(stripe_gateway, "http_client", fake)
    return fake


def add_to_basket(client, product, quantity=1):
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})


def change_quantity(client, line, quantity):
    """The basket page's formset, with one line's quantity changed."""
    return client.post(
        reverse("basket:summary"),
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000,
            "form-0-id": line.id,
            "form-0-quantity": quantity,
        },
    )


def start_guest_checkout(client, *products, email="guest@example.com"):
    """Basket → guest email → address → delivery: the client is left on the preview step."""
    for product in products:
        add_to_basket(client, product)
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    if client.get(reverse("checkout:booker-details")).status_code == 200:
        give_booker_details(client)  # the basket holds an appointment too
    # Following the redirects walks delivery method and payment method on to the preview.
    response = client.post(reverse("checkout:shipping-address"), ADDRESS, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:preview"), response.redirect_chain
    return client


BOOKER = {"name": "Ann Lee", "phone": "07911 123456"}


def give_booker_details(client, **overrides):
    """The "Your details" step of a basket with appointments; follows on to the next step."""
    return client.post(reverse("checkout:booker-details"), BOOKER | overrides, follow=True)


def post_webhook(client, event, secret=WEBHOOK_SECRET):
    payload = json.dumps(event)
    return client.post(
        reverse("stripe-webhook"),
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, secret),
    )


@pytest.fixture
def price_policy(settings):
    """Switch the price policy; offers follow it, as the settings (and check shop.E001) require."""

    def switch(include_tax):
        settings.SHOP_PRICES_INCLUDE_TAX = include_tax
        settings.OSCAR_OFFERS_INCL_TAX = include_tax

    return switch
