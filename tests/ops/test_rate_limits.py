"""Inbound rate limits: per client IP (behind the configured proxies) and, where it matters,
per address or session; 429 with a page for people and JSON for scripts; open when the cache
is down."""

import pytest
from django.core import mail
from django.urls import reverse

from marketing.models import Subscriber
from tests.accounts.conftest import make_user
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


@pytest.fixture(autouse=True)
def tight_limits(settings):
    settings.RATE_LIMITS = {
        "newsletter_signup": "3/h",
        "newsletter_signup_per_key": "2/h",
        "venue_application": "2/h",
        "search": "3/m",
        "search_suggest": "3/m",
        "booking_hold": "4/h",
        "booking_hold_per_key": "2/h",
        "product_review": "2/h",
        "product_review_vote": "2/h",
    }
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {
        "signup": "2/m/ip",
        "reset_password": "20/m/ip,2/m/key",
        "login_failed": "10/m/ip,3/300s/key",
    }


def is_friendly_page(response):
    return response.status_code == 429 and "Slow down a little" in response.content.decode()


def test_wrong_passwords_from_one_ip_do_not_lock_out_the_owner(client, home_page):
    user = make_user()
    for _ in range(4):
        client.post(
            reverse("account_login"),
            {"login": user.email, "password": "wrong guess"},
            REMOTE_ADDR=ATTACKER,
        )
    refused = client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert refused.status_code == 200  # the attacker's IP is slowed down for this address
    assert "_auth_user_id" not in client.session

    owner = client.__class__()
    response = owner.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=OWNER,
    )
    assert response.status_code == 302
    assert "_auth_user_id" in owner.session


def test_sign_up_is_limited_per_ip(client, home_page):
    for n in range(2):
        data = {"email": f"new{n}@example.com", "password1": "a long passphrase 42"}
        client.post(reverse("account_signup"), data | {"password2": data["password1"]})
    data = {"email": "new9@example.com", "password1": "a long passphrase 42"}
    response = client.post(reverse("account_signup"), data | {"password2": data["password1"]})
    assert is_friendly_page(response)


@pytest.mark.alone
def test_password_reset_is_limited_per_address(client, home_page):
    user = make_user()
    for _ in range(2):
        client.post(reverse("account_reset_password"), {"email": user.email})
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert is_friendly_page(response)


def test_newsletter_sign_up_is_limited_and_sends_one_confirmation(
    client,
    news_list,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            response = client.post(
                reverse("marketing:signup"), {"email": "ann@example.com", "consent": "on"}
            )
            assert response.status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1  # the second sign-up, inside the cool-down, re-sent nothing
    third = client.post(reverse("marketing:signup"), {"email": "ann@example.com", "consent": "on"})
    assert is_friendly_page(third)


def test_landing_page_sign_ups_count_against_the_same_limit(client, news_list, landing_page):
    url = landing_page.url + landing_page.reverse_subpage("newsletter")
    for n in range(3):
        client.post(url, {"email": f"reader{n}@example.com"})
    assert is_friendly_page(client.post(url, {"email": "reader9@example.com"}))


def test_a_confirmation_is_sent_again_after_the_cool_down(
    client,
    news_list,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(reverse("marketing:signup"), {"email": "ann@example.com", "consent": "on"})
    assert len(mail.outbox) == 2


def test_venue_applications_are_limited_per_ip(client, venue_index):
    url = venue_index.url + venue_index.reverse_subpage("apply")
    for _ in range(2):
        assert client.post(url, {"email": "not-an-email"}).status_code == 200
    assert is_friendly_page(client.post(url, {"email": "not-an-email"}))


def test_product_reviews_are_limited_per_ip(client, home_page, product):
    url = reverse(
        "catalogue:reviews-add",
        kwargs={"product_slug": product.slug, "product_pk": product.pk},
    )
    for _ in range(2):  # incomplete reviews: refused by the view, counted all the same
        assert client.post(url, {"title": "Nice"}).status_code in (200, 302)
    assert is_friendly_page(client.post(url, {"title": "Nice"}))
    assert client.get(url).status_code != 429  # reading the form is not limited


def test_the_search_page_is_limited_per_ip(client, home_page):
    for _ in range(3):
        assert client.get(reverse("site_search:page"), {"q": "candle"}).status_code == 200
    response = client.get(reverse("site_search:page"), {"q": "candle"})
    assert is_friendly_page(response)
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize("name", ["site_search:api", "site_search:suggest"])
def test_search_apis_answer_429_in_json(client, home_page, name):
    for _ in range(3):
        assert client.get(reverse(name), {"q": "can"}).status_code == 200
    response = client.get(reverse(name), {"q": "can"})
    assert response.status_code == 429
    assert response.json() == {"error": "Too many requests: please wait a moment, then try again."}


def test_clients_behind_the_proxy_are_counted_apart(client, home_page, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for visitor in range(5):
        response = client.get(
            reverse("site_search:page"),
            {"q": "candle"},
            REMOTE_ADDR="10.0.0.2",  # the proxy: the same for everyone
            HTTP_X_FORWARDED_FOR=f"192.0.2.{visitor}",
        )
        assert response.status_code == 200


def test_booking_holds_are_limited_per_session_and_ip(client, home_page):
    client.get("/")  # a session
    session = client.session
    session["started"] = True
    session.save()
    for _ in range(2):
        assert client.post(reverse("bookings:hold"), {"start": "nonsense"}).status_code == 302
    assert is_friendly_page(client.post(reverse("bookings:hold"), {"start": "nonsense"}))
    # A bot shedding its cookies is still counted by its IP.
    fresh = client.__class__()
    assert fresh.post(reverse("bookings:hold"), {"start": "nonsense"}).status_code == 302
    assert is_friendly_page(fresh.post(reverse("bookings:hold"), {"start": "nonsense"}))


def test_limits_let_requests_through_while_the_cache_is_down(client, home_page, redis_down):
    for _ in range(6):
        assert client.get(reverse("site_search:page"), {"q": "candle"}).status_code == 200
