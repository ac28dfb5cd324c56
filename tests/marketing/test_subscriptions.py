"""Sign-up with double opt-in, the consent log, the preference centre and one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import consent
from accounts.models import ConsentRecord
from marketing import tokens
from marketing.models import Subscriber
from marketing.subscriptions import subscribe

pytestmark = pytest.mark.django_db


def confirm_link(message):
    return re.search(r"http://testserver(/newsletter/confirm/[^\s\"]+/)", message.body).group(1)


def test_footer_signup_needs_the_confirmation_link(
    client, news_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("marketing:signup"),
            {"email": "Ann@Example.com", "consent": "on"},
            REMOTE_ADDR="203.0.113.7",
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ann@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert list(subscriber.lists.all()) == [news_list]
    assert not ConsentRecord.objects.exists()  # nothing counts before the address is proven
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ann@example.com"]

    link = confirm_link(mail.outbox[0])
    assert client.get(link).status_code == 200  # a mail scanner following the link confirms nothing
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    client.post(link, REMOTE_ADDR="203.0.113.7")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    record = ConsentRecord.objects.get()
    assert (record.purpose, record.action, record.email) == (
        "newsletter",
        "given",
        "ann@example.com",
    )
    assert record.text_version == consent.NEWSLETTER_TEXT_VERSION
    assert record.source == "newsletter:footer"
    assert record.ip_address == "203.0.113.7"


def test_signup_errors_are_shown_beside_the_fields(client, news_list):
    response = client.post(reverse("marketing:signup"), {"email": "not-an-address"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "Tick the box to agree to the emails." in content
    assert not Subscriber.objects.exists()


def test_the_footer_shows_the_signup_form(client, home_page):
    content = client.get("/").content.decode()
    assert reverse("marketing:signup") in content
    assert consent.NEWSLETTER_TEXT in content


def test_the_same_address_twice_is_one_subscriber(news_list, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe("ann@example.com", source="footer")
        subscribe("ANN@example.com ", source="landing")
    assert Subscriber.objects.count() == 1


def test_forged_or_expired_confirmation_links_are_refused(client, news_list):
    subscriber = subscribe("ann@example.com", source="footer")
    token = tokens.confirm_token(subscriber)
    assert client.post(reverse("marketing:confirm", args=[token[:-2] + "xx"])).status_code == 400
    # A preference-centre token is not a confirmation token (separate salts).
    other = tokens.subscriber_token(subscriber.pk)
    assert client.post(reverse("marketing:confirm", args=[other])).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_landing_page_block_goes_through_double_opt_in(
    client, home_page, django_capture_on_commit_callbacks
):
    from home.models import LandingPage

    text = "Yes, email me news and offers. I can unsubscribe at any time."
    page = home_page.add_child(
        instance=LandingPage(
            title="Spring",
            slug="spring",
            body=[
                (
                    "newsletter",
                    {"heading": "Join", "text": "", "consent_text": text, "button_text": "Go"},
                )
            ],
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page.url + "newsletter/",
            {"email": "bo@example.com", "consent": "on", "consent_text": text},
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == "landing:spring"
    assert subscriber.consent_text == text
    assert len(mail.outbox) == 1
    client.post(confirm_link(mail.outbox[0]))
    record = ConsentRecord.objects.get()
    assert record.text_version == subscriber.consent_text_version
    assert record.text_version.startswith("text-")


def test_preference_centre_works_without_signing_in(client, subscribers, news_list, events_list):
    subscriber = subscribers[0]
    url = reverse("marketing:preferences", args=[tokens.subscriber_token(subscriber.pk)])
    assert client.get(url).status_code == 200
    client.post(url, {"lists": [events_list.pk]})
    assert list(subscriber.lists.all()) == [events_list]
    client.post(url, {})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert client.get(reverse("marketing:preferences", args=["forged"])).status_code == 400


def test_one_click_unsubscribe_by_post_with_no_cookie(subscribers):
    subscriber = subscribers[0]
    url = reverse("marketing:unsubscribe", args=[tokens.subscriber_token(subscriber.pk, None)])
    # What a mail client sends (RFC 8058): a bare POST, no session, no CSRF cookie.
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(
        url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    record = ConsentRecord.objects.get()
    assert (record.action, record.source) == ("withdrawn", "newsletter:one-click")
    # Again: still fine, logged once.
    assert (
        browserless.post(
            url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert ConsentRecord.objects.count() == 1


def test_a_forged_unsubscribe_link_unsubscribes_nobody(subscribers):
    browserless = Client(enforce_csrf_checks=True)
    for token in ("forged", tokens.subscriber_token(subscribers[0].pk)[:-2] + "xx"):
        response = browserless.post(
            reverse("marketing:unsubscribe", args=[token]),
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 400
    assert Subscriber.objects.filter(status=Subscriber.Status.UNSUBSCRIBED).count() == 0
    assert not ConsentRecord.objects.exists()


def test_unsubscribe_get_only_asks(client, subscribers):
    url = reverse("marketing:unsubscribe", args=[tokens.subscriber_token(subscribers[0].pk)])
    assert client.get(url).status_code == 200
    assert Subscriber.objects.get(pk=subscribers[0].pk).is_subscribed


def test_account_page_choice_follows_into_the_subscriber(client, user_factory, news_list):
    user = user_factory(email="cat@example.com")
    client.force_login(user)
    client.post(reverse("accounts:preferences"), {"newsletter": "on"})
    subscriber = Subscriber.objects.get()
    assert subscriber.is_subscribed and subscriber.user == user
    # The account page logged the consent; it is not logged twice.
    assert ConsentRecord.objects.filter(action="given").count() == 1
    client.post(reverse("accounts:preferences"), {})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
