"""Visits from campaigns, the attribution stored with each order, and the campaign report."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order

from marketing.attribution import FIRST_TOUCH_COOKIE, attribute_order
from marketing.models import Campaign, CampaignVisit, OrderAttribution, Subscriber, TrackedLink
from marketing.reports import campaign_report
from tests.shop.conftest import post_webhook, start_guest_checkout

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        name="Spring", slug="spring", starts_on=date(2026, 3, 1), budget=D("100.00")
    )


def place_order(client, **extra):
    return client.post(reverse("checkout:preview"), {"action": "place_order", **extra})


def test_an_order_after_a_tracked_visit_carries_its_attribution(
    client, home_page, campaign, product
):
    client.get(
        "/?utm_source=flyer&utm_medium=print&utm_campaign=spring&gclid=abc",
        HTTP_REFERER="https://news.example/",
    )
    assert CampaignVisit.objects.filter(campaign=campaign).count() == 1
    client.get("/?utm_source=flyer&utm_campaign=spring&utm_content=back")  # same session: one visit
    assert CampaignVisit.objects.count() == 1
    start_guest_checkout(client, product)
    place_order(client)
    order = Order.objects.get()
    attribution = OrderAttribution.objects.get(order=order)
    assert attribution.campaign == campaign
    # The last touch is the latest visit that carried marketing parameters.
    assert attribution.last_touch["utm_source"] == "flyer"
    assert attribution.last_touch["utm_content"] == "back"
    assert attribution.last_touch["utm_campaign"] == "spring"
    assert attribution.last_touch["landing_page"] == "/"
    assert attribution.first_touch == {}  # no analytics consent: no cookie


def test_click_ids_and_external_referrers_are_recorded(client, home_page):
    client.get("/?gclid=abc", HTTP_REFERER="https://news.example/story")
    touch = client.session["marketing_last_touch"]
    assert touch["gclid"] == "abc" and touch["referrer"] == "https://news.example/story"
    client.get("/", HTTP_REFERER="http://testserver/shop/")  # our own pages are no touch
    assert client.session["marketing_last_touch"]["gclid"] == "abc"


def test_the_first_touch_cookie_needs_consent_and_no_opt_out_signal(client, home_page):
    client.get("/?utm_source=ads&utm_campaign=x")
    assert FIRST_TOUCH_COOKIE not in client.cookies
    client.cookies["analytics_consent"] = "yes"
    client.get("/?utm_source=ads&utm_campaign=x", HTTP_SEC_GPC="1")
    assert FIRST_TOUCH_COOKIE not in client.cookies
    client.get("/?utm_source=ads&utm_campaign=x")
    assert FIRST_TOUCH_COOKIE in client.cookies


def test_checkout_opt_in_starts_double_opt_in(client, product, django_capture_on_commit_callbacks):
    start_guest_checkout(client, product, email="buyer@example.com")
    assert 'name="newsletter_opt_in"' in client.get(reverse("checkout:preview")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        place_order(client, newsletter_opt_in="on", newsletter_opt_in_offered="1")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status, subscriber.source) == (
        "buyer@example.com",
        "pending",
        "checkout",
    )
    assert any("confirm" in m.subject.lower() for m in mail.outbox)


def test_the_unticked_box_subscribes_nobody(client, product):
    start_guest_checkout(client, product)
    place_order(client, newsletter_opt_in_offered="1")
    assert not Subscriber.objects.exists()


def test_the_campaign_report_matches_the_fixtures(campaign):
    for key in ("s1", "s2", "s3", "s4"):
        CampaignVisit.objects.create(campaign=campaign, session_key=key, day=date(2026, 3, 2))
    first, second = create_order(), create_order()
    OrderAttribution.objects.create(order=first, campaign=campaign)
    OrderAttribution.objects.create(order=second, voucher_campaign=campaign)
    first.discounts.create(amount=D("5.00"), offer_name="Spring", voucher_code="SPRING-1")
    other = create_order()
    OrderAttribution.objects.create(order=other)  # not this campaign
    report = campaign_report(campaign)
    assert report.sessions == 4
    assert report.orders == 2
    assert report.revenue == first.total_incl_tax + second.total_incl_tax
    assert report.discount_cost == D("5.00")
    assert report.conversion_rate == D("50.0")
    assert report.budget_use == D("5.0")
    assert sum(day["sessions"] for day in report.days) == 4
    assert sum(day["orders"] for day in report.days) == 2
    assert report.csv().splitlines()[0] == "day,sessions,orders,revenue,discount_cost"


def test_tracked_links_carry_utm_and_have_qr_codes(admin_client, campaign):
    link = TrackedLink.objects.create(
        campaign=campaign,
        label="Flyer",
        destination="/shop/?a=1",
        utm_source="flyer",
        utm_medium="print",
    )
    assert (
        link.url()
        == "http://testserver/shop/?a=1&utm_source=flyer&utm_medium=print&utm_campaign=spring"
    )
    png = admin_client.get(link.qr_url("png"))
    assert (
        png.status_code == 200
        and png["Content-Type"] == "image/png"
        and png.content[:4] == b"\x89PNG"
    )
    svg = admin_client.get(link.qr_url("svg"))
    assert svg.status_code == 200 and b"<svg" in svg.content
    report = admin_client.get(
        reverse("wagtailsnippets_marketing_campaign:report", args=[campaign.pk])
    )
    assert report.status_code == 200 and "Flyer" in report.content.decode()
    csv = admin_client.get(
        reverse("wagtailsnippets_marketing_campaign:report", args=[campaign.pk]) + "?format=csv"
    )
    assert csv["Content-Type"] == "text/csv"


def test_an_order_placed_by_the_payment_webhook_keeps_the_visit_and_the_opt_in(
    client, home_page, campaign, product, stripe_fake, django_capture_on_commit_callbacks
):
    client.get("/?utm_source=flyer&utm_medium=print&utm_campaign=spring")
    start_guest_checkout(client, product, email="late@example.com")
    response = client.post(
        reverse("checkout:stripe-prepare"),
        {"newsletter_opt_in": "on", "newsletter_opt_in_offered": "1"},
        HTTP_ACCEPT="application/json",
    )
    intent = stripe_fake.succeed(response.json()["client_secret"].split("_secret")[0])
    stripe_server = type(client)()  # Stripe calls without the shopper's session
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(stripe_server, stripe_fake.event("payment_intent.succeeded", intent))
    order = Order.objects.get()
    assert order.attribution.campaign == campaign
    assert order.attribution.last_touch["utm_source"] == "flyer"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("late@example.com", "pending")


def test_a_second_attribution_leaves_the_placing_transaction_usable(campaign):
    """Placed twice (return page and webhook): the duplicate is refused in its own savepoint,
    so the order placement around it goes on and commits."""
    order = create_order()
    touches = {"last": {"utm_campaign": "spring"}}
    with transaction.atomic():
        first = attribute_order(order, touches)
        assert attribute_order(order, touches) is None
        order.refresh_from_db()  # raises if the failed insert broke the transaction
    assert OrderAttribution.objects.get(order=order) == first
