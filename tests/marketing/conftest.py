from decimal import Decimal as D

import pytest
from oscar.test.factories import create_product

from marketing.models import MailingList, Newsletter, Subscriber
from tests.shop.conftest import stripe_fake  # noqa: F401 (the shop's Stripe fake, as a fixture)


@pytest.fixture
def news_list(db):
    return MailingList.objects.get_or_create(
        slug="newsletter", defaults={"name": "Newsletter", "is_default": True}
    )[0]


@pytest.fixture
def events_list(db):
    return MailingList.objects.create(name="Events", slug="events")


def make_subscriber(email, *lists, status=Subscriber.Status.SUBSCRIBED):
    subscriber = Subscriber.objects.create(email=email, source="test", status=status)
    subscriber.lists.add(*lists)
    return subscriber


@pytest.fixture
def subscribers(news_list):
    return [make_subscriber(f"reader{n}@example.com", news_list) for n in range(5)]


def make_newsletter(*lists, **fields):
    fields.setdefault("title", "November")
    fields.setdefault("subject", "New venues this month")
    newsletter = Newsletter.objects.create(
        body=[
            ("heading", {"text": "Hello", "level": "h2"}),
            ("paragraph", '<p>Read <a href="https://example.org/story">our story</a>.</p>'),
            (
                "call_to_action",
                {"title": "Shop", "text": "", "button_text": "Go", "page": None, "url": "/shop/"},
            ),
        ],
        **fields,
    )
    newsletter.lists.set(lists)
    newsletter.save()  # a ParentalManyToManyField is written when its owner is saved
    return newsletter


@pytest.fixture
def newsletter(news_list):
    return make_newsletter(news_list)


@pytest.fixture
def product(db, countries):
    return create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=10)
