"""Booking fixtures: a venue with a priced service, and helpers to book and check out."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from bookings.models import ServiceBookingSettings
from bookings.service import BookableService
from tests.shop.conftest import (
    give_booker_details,
    stripe_fake,  # noqa: F401 (Stripe's fake, as the shop tests use it)
)
from tests.venues.conftest import (  # noqa: F401 (the venue fixtures bookings build on)
    category,
    make_image,
    make_venue,
    provider_of,
    venue_index,
)
from venues.services import DURATION_ATTRIBUTE, VENUE_SERVICE_CLASS

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
AttributeValue = get_model("catalogue", "ProductAttributeValue")
StockRecord = get_model("partner", "StockRecord")

ALL_DAY = {day: [("00:00", "00:00")] for day in range(7)}


@pytest.fixture
def make_service(db):
    def make(venue, title="Deep Tissue Massage", minutes=60, price="50.00", **overrides):
        service_class = ProductClass.objects.get(slug=VENUE_SERVICE_CLASS)
        product = Product.objects.create(
            title=title, product_class=service_class, structure=Product.STANDALONE
        )
        AttributeValue.objects.create(
            product=product,
            attribute=ProductAttribute.objects.get(
                product_class=service_class, code=DURATION_ATTRIBUTE
            ),
            value_integer=minutes,
        )
        StockRecord.objects.create(
            product=product,
            partner=venue.partner,
            partner_sku=f"SKU-{product.pk}",
            price=Decimal(price),
            price_currency=settings.OSCAR_DEFAULT_CURRENCY,
        )
        if overrides:
            ServiceBookingSettings.objects.create(product=product, **overrides)
        return product

    return make


@pytest.fixture
def open_venue(make_venue):  # noqa: F811 (the fixture imported above)
    """Open all day, every day, bookable from now: handy for views with the real clock."""
    return make_venue("Tidewater Spa", hours=ALL_DAY, booking_lead_time_minutes=0)


@pytest.fixture
def service(open_venue, make_service):
    return make_service(open_venue)


def next_slot(product, days_ahead=1):
    """A free slot `days_ahead` days from today in the venue's zone."""
    bookable = BookableService.load(product.pk)
    day = bookable.local_today() + timedelta(days=days_ahead)
    return bookable.free_slots(day, day)[0].start


def hold(client, product, start, next_url="/"):
    return client.post(
        reverse("bookings:hold"),
        {"service": product.pk, "start": start.isoformat(), "next": next_url},
    )


def checkout_as_guest(client, email="guest@example.com"):
    """Basket → guest email; a service needs no delivery, so the client lands on the preview."""
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = give_booker_details(client)  # an appointment asks who is coming
    assert response.redirect_chain[-1][0] == reverse("checkout:preview"), response.redirect_chain
    return response


def place_order(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def soonest_slot(product):
    """The first free slot from now (inside any free-cancellation window of a day or more)."""
    bookable = BookableService.load(product.pk)
    today = bookable.local_today()
    return bookable.free_slots(today, today + timedelta(days=1))[0].start


def go_to_preview(client, email="guest@example.com"):
    response = client.get(reverse("checkout:index"), follow=True)  # signed in: straight on
    if response.request["PATH_INFO"] == reverse("checkout:index"):
        client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = give_booker_details(client)  # an appointment asks who is coming
    assert response.request["PATH_INFO"] == reverse("checkout:preview"), response.redirect_chain


def book_and_pay(client, product, start, email="guest@example.com"):
    """Hold `start`, check out and pay with the demo method; returns the confirmed booking."""
    from bookings.models import Booking

    hold(client, product, start)
    go_to_preview(client, email)
    response = place_order(client)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Booking.objects.get(service=product, start=start, status=Booking.Status.CONFIRMED)


@pytest.fixture
def customer(user_factory):
    return user_factory(username="cora", email="cora@example.com")


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client
