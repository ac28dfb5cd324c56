"""Open pixel, signed click redirects, bounce webhooks and the newsletter report."""

import json
import re
from base64 import b64encode
from decimal import Decimal as D

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.test.factories import create_order

from accounts.models import SuppressedEmail, email_digest
from marketing import sending, tokens
from marketing.models import Delivery, OrderAttribution, Subscriber
from marketing.reports import newsletter_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(newsletter, subscribers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(newsletter.pk)
    return newsletter


def links_in(message):
    html = message.alternatives[0][0]
    return re.findall(r'href="http://testserver(/newsletter/c/[^"]+)"', html), re.search(
        r'src="http://testserver(/newsletter/o/[^"]+)"', html
    ).group(1)


def test_open_pixel_and_click_are_counted_once(client, sent):
    clicks, pixel = links_in(mail.outbox[0])
    response = client.get(pixel)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    client.get(pixel)
    story = next(
        path
        for path in clicks
        if tokens.read_click_token(path.split("/")[3])[1] == "https://example.org/story"
    )
    response = client.get(story)
    assert response.status_code == 302 and response["Location"] == "https://example.org/story"
    client.get(story)
    delivery = Delivery.objects.get(subscriber__email=mail.outbox[0].to[0])
    assert delivery.opened_at and delivery.clicked_at
    assert delivery.clicks.count() == 2
    report = newsletter_report(sent)
    assert (report["opens"], report["clicks"]) == (1, 1)


def test_the_click_redirect_refuses_foreign_urls(client, sent):
    delivery = Delivery.objects.first()
    forged = tokens.click_token(delivery.pk, "https://example.org/story")[:-3] + "abc"
    assert client.get(reverse("marketing:click", args=[forged])).status_code == 400
    # A token signed for another purpose does not work either.
    other = tokens.open_token(delivery.pk)
    assert client.get(reverse("marketing:click", args=[other])).status_code == 400
    # Even a correctly signed script URL is refused.
    script = tokens.click_token(delivery.pk, "javascript:alert(1)")
    assert client.get(reverse("marketing:click", args=[script])).status_code == 400
    # A destination in the query string is ignored: only the signed one is followed.
    good = tokens.click_token(delivery.pk, "https://example.org/story")
    response = client.get(reverse("marketing:click", args=[good]) + "?url=https://evil.example/")
    assert response["Location"] == "https://example.org/story"


def test_tracking_can_be_switched_off(
    newsletter, subscribers, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_TRACKING = False
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_send(newsletter.pk)
    html = mail.outbox[0].alternatives[0][0]
    assert "/newsletter/c/" not in html and "/newsletter/o/" not in html
    assert 'href="https://example.org/story"' in html


def test_web_version_identifies_nobody(client, sent):
    response = client.get(reverse("marketing:web", args=[tokens.web_version_token(sent.pk)]))
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Hello" in body and "/newsletter/o/" not in body and "/newsletter/unsubscribe/" not in body
    )


def test_a_bounce_or_complaint_suppresses_the_address(sent):
    for kind, email in (("bounced", "reader0@example.com"), ("complained", "reader1@example.com")):
        event = AnymailTrackingEvent(event_type=kind, recipient=email, timestamp=timezone.now())
        tracking.send(sender=object, event=event, esp_name="Test")
        assert SuppressedEmail.objects.filter(email_hash=email_digest(email)).exists()
        assert Subscriber.objects.get(email=email).status == Subscriber.Status.UNSUBSCRIBED
    assert newsletter_report(sent)["bounces"] == 2
    # Opens and deliveries are not bad news.
    event = AnymailTrackingEvent(event_type="delivered", recipient="reader2@example.com")
    tracking.send(sender=object, event=event, esp_name="Test")
    assert not SuppressedEmail.objects.filter(
        email_hash=email_digest("reader2@example.com")
    ).exists()


@pytest.mark.urls("tests.marketing.urls_with_webhooks")
def test_postmark_bounce_webhook_suppresses(client, subscribers, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "Email": "reader3@example.com",
        "BouncedAt": "2026-11-21T10:00:00Z",
        "MessageID": "abc",
        "Description": "The address does not exist.",
    }
    auth = "Basic " + b64encode(b"hook:secret").decode()
    response = client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert response.status_code == 200
    assert SuppressedEmail.objects.filter(email_hash=email_digest("reader3@example.com")).exists()
    unauthorised = client.post(
        "/anymail/postmark/tracking/", data=json.dumps(payload), content_type="application/json"
    )
    assert unauthorised.status_code == 400


def test_the_report_matches_the_fixtures(sent, client):
    deliveries = list(sent.deliveries.order_by("pk"))
    now = timezone.now()
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries[:3]]).update(opened_at=now)
    Delivery.objects.filter(pk=deliveries[0].pk).update(clicked_at=now)
    Delivery.objects.filter(pk=deliveries[1].pk).update(unsubscribed_at=now)
    Delivery.objects.filter(pk=deliveries[4].pk).update(bounced_at=now)
    order = create_order()
    OrderAttribution.objects.create(
        order=order, newsletter=sent, last_touch={"utm_source": "newsletter"}
    )
    report = newsletter_report(sent)
    assert report["total"] == report["sent"] == 5
    assert report["delivered"] == 4
    assert (report["opens"], report["clicks"], report["unsubscribes"], report["bounces"]) == (
        3,
        1,
        1,
        1,
    )
    assert report["orders"] == 1
    assert report["revenue"] == order.total_incl_tax > D("0")


def test_no_webhook_urls_without_a_secret(client):
    assert (
        client.post(
            "/anymail/postmark/tracking/", data="{}", content_type="application/json"
        ).status_code
        == 404
    )
