"""A small site to attack: one of each public page, a service to book and a product to buy."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.test.factories import create_product

from blog.models import BlogIndexPage, BlogPage
from home.models import LandingPage
from tests.bookings.conftest import ALL_DAY, make_service  # noqa: F401
from tests.shop.conftest import stripe_fake  # noqa: F401 (Stripe's fake, as the shop tests use it)
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401

CONSENT = "Yes, email me news and offers."


@dataclass
class FuzzSite:
    """The URLs of the fixture site, by what they are."""

    pages: dict = field(default_factory=dict)
    service_id: int = 0
    product_id: int = 0


@pytest.fixture
def fuzz_site(
    home_page,
    venue_index,  # noqa: F811 (fixtures imported above, used here)
    make_venue,  # noqa: F811
    make_service,  # noqa: F811
    countries,
    django_capture_on_commit_callbacks,
):
    venue = make_venue("Tidewater Spa", hours=ALL_DAY, booking_lead_time_minutes=0)
    with django_capture_on_commit_callbacks(execute=True):
        service = make_service(venue)
        product = create_product(title="Beeswax candle", price=Decimal("12.00"), num_in_stock=5)
        blog = home_page.add_child(instance=BlogIndexPage(title="Journal", slug="blog"))
        blog.save_revision().publish()
        post = blog.add_child(
            instance=BlogPage(title="Winter walks", date=date(2026, 1, 5), summary="Walks.")
        )
        post.save_revision().publish()
        landing = home_page.add_child(
            instance=LandingPage(
                title="Winter sale",
                slug="winter-sale",
                body=[
                    {
                        "type": "newsletter",
                        "value": {
                            "heading": "Get the newsletter",
                            "text": "",
                            "consent_text": CONSENT,
                            "button_text": "Sign up",
                        },
                    }
                ],
            )
        )
        landing.save_revision().publish()
    return FuzzSite(
        pages={
            "home": home_page.url,
            "venue index": venue_index.url,
            "venue": venue.url,
            "venue application": venue_index.url + venue_index.reverse_subpage("apply"),
            "blog": blog.url,
            "blog post": post.url,
            "landing": landing.url,
            "landing newsletter": landing.url + "newsletter/",
            "search": reverse("site_search:page"),
            "search api": reverse("site_search:api"),
            "search suggest": reverse("site_search:suggest"),
            "catalogue": reverse("catalogue:index"),
            "product": product.get_absolute_url(),
            "basket": reverse("basket:summary"),
            "basket add": reverse("basket:add", kwargs={"pk": product.pk}),
            "checkout": reverse("checkout:index"),
            "sign in": reverse("account_login"),
            "sign up": reverse("account_signup"),
            "newsletter sign-up": reverse("marketing:signup"),
            "booking hold": reverse("bookings:hold"),
            "slot list": reverse("bookings:free-slots", kwargs={"product_id": service.pk}),
            "stripe webhook": reverse("stripe-webhook"),
        },
        service_id=service.pk,
        product_id=product.pk,
    )
