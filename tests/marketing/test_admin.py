"""Marketers compose, preview, test and send newsletters and read reports in the Wagtail admin."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_order, create_product

from marketing.attribution import attribute_order
from marketing.models import Campaign, Newsletter
from marketing.models.newsletters import segment
from marketing.models.subscribers import Subscriber
from tests.marketing.conftest import make_subscriber

pytestmark = pytest.mark.django_db
URLS = "wagtailsnippets_marketing_newsletter"


@pytest.fixture
def marketer(client, user_factory):
    user = user_factory(email="marketer@example.com", roles=["Marketers"])
    client.force_login(user)
    return user


def test_marketer_sends_a_test_then_the_newsletter(
    client, marketer, newsletter, subscribers, django_capture_on_commit_callbacks
):
    url = reverse(f"{URLS}:send", args=[newsletter.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "It would go to <strong>5</strong>" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "test", "test_email": "marketer@example.com"})
    assert [m.to for m in mail.outbox] == [["marketer@example.com"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "now"})
    assert len(mail.outbox) == 6
    page = client.get(url).content.decode()
    assert "5 of 5 done" in page and "Unique opens" in page


def test_schedule_needs_a_future_time(client, marketer, newsletter):
    url = reverse(f"{URLS}:send", args=[newsletter.pk])
    response = client.post(url, {"action": "schedule", "scheduled_at": "2000-01-01T10:00"})
    assert (
        response.status_code == 200 and "Choose a time in the future." in response.content.decode()
    )
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(url, {"action": "schedule", "scheduled_at": when})
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SCHEDULED and newsletter.scheduled_at


def test_newsletter_listing_edit_and_preview(client, marketer, newsletter, news_list):
    assert client.get(reverse(f"{URLS}:list")).status_code == 200
    edit = client.get(reverse(f"{URLS}:edit", args=[newsletter.pk]))
    assert edit.status_code == 200 and "Recipients with these choices" in edit.content.decode()
    preview_url = reverse(f"{URLS}:preview_on_edit", args=[newsletter.pk])
    assert client.get(preview_url, {"mode": "email"}).status_code == 200


def test_live_audience_count_applies_every_segment(client, marketer, news_list, events_list):
    make_subscriber("a@example.com", news_list)
    make_subscriber("b@example.com", news_list, events_list)
    make_subscriber("c@example.com", events_list, status=Subscriber.Status.PENDING)
    url = reverse(f"{URLS}:audience_count")
    assert client.get(url, {"lists": [news_list.pk]}).json() == {"count": 2}
    assert client.get(url, {"lists": [news_list.pk, events_list.pk]}).json() == {"count": 2}
    assert client.get(url, {"lists": [events_list.pk]}).json() == {"count": 1}
    assert client.get(url, {"lists": ["x"]}).status_code == 400


def test_live_audience_count_refuses_ids_that_are_not_plain_numbers(client, marketer, news_list):
    url = reverse(f"{URLS}:audience_count")
    for params in (
        {"lists": ["²"]},
        {"category": "9" * 25},
        {"venue": "-3"},
        {"lists": ["9" * 30]},
    ):
        assert client.get(url, params).status_code == 400, params
    assert client.get(url, {"lists": [news_list.pk], "venue": "0"}).status_code == 200
    huge_days = client.get(url, {"lists": [news_list.pk], "inactive_days": "999999999"})
    assert huge_days.status_code == 200


def test_people_without_the_role_cannot_send(client, user_factory, newsletter):
    client.force_login(user_factory(roles=["Editors"]))
    assert client.get(reverse(f"{URLS}:send", args=[newsletter.pk])).status_code in (302, 403)


def test_segments_bought_from_a_category_and_inactive(news_list):
    Category = get_model("catalogue", "Category")
    candles = Category.add_root(name="Candles")
    buyer = make_subscriber("buyer@example.com", news_list)
    idle = make_subscriber("idle@example.com", news_list)
    product = create_product(title="Candle", price=D("5.00"), num_in_stock=5)
    product.categories.add(candles)
    from oscar.test.basket import add_product
    from oscar.test.factories import create_basket

    basket = create_basket(empty=True)
    add_product(basket, product=product)
    create_order(basket=basket, guest_email="buyer@example.com")
    everyone = Subscriber.objects.mailable()
    assert list(segment(everyone, category=candles)) == [buyer]
    assert list(segment(everyone, inactive_days=30)) == [idle]
    assert list(segment(everyone, category=candles, inactive_days=30)) == []  # ANDed


def test_voucher_use_attributes_an_order_to_its_campaign():
    from datetime import date

    from demo.marketing import generate_voucher_set

    voucher_set = generate_voucher_set("Spring codes", count=3, days=30)
    campaign = Campaign.objects.create(
        name="Spring", slug="spring", starts_on=date(2026, 3, 1), voucher_set=voucher_set
    )
    voucher = voucher_set.vouchers.first()
    assert voucher_set.vouchers.count() == 3  # Oscar generated the codes
    order = create_order()
    order.discounts.create(
        amount=D("2.00"), voucher_id=voucher.pk, voucher_code=voucher.code, offer_name="Spring"
    )
    attribution = attribute_order(order, {})
    assert attribution.voucher_campaign == campaign and attribution.campaign is None
