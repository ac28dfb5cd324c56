"""Each input the site once answered with a 500 (or accepted when it should not), one test each."""

import json
from base64 import b64encode
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from safe_input.dates import EARLIEST, LATEST, parse_instant, parse_query_date
from safe_input.numbers import parse_id
from safe_input.redirects import safe_next_path
from tests.bookings.conftest import book_and_pay, next_slot
from tests.shop.stripe_fake import sign

pytestmark = pytest.mark.django_db

EDGE_DATES = [date.max.isoformat(), "9999-12-30", date.min.isoformat(), "0001-01-02"]


# The shared helpers.


def test_ids_are_ascii_digits_only():
    assert parse_id("42") == 42
    for text in ["²", "١٢", "𝟙", "4²", "-1", "0", " 4", "4\n", "", "1" * 19, None, True]:
        assert parse_id(text) is None, text


def test_query_dates_keep_clear_of_the_calendar_edges():
    assert parse_query_date("2026-05-31") == date(2026, 5, 31)
    assert parse_query_date("") is None
    for text in EDGE_DATES + ["2026-02-30", "20260531", "2026-05-31T10:00"]:
        with pytest.raises(ValidationError):
            parse_query_date(text)
    assert EARLIEST - timedelta(days=366) and LATEST + timedelta(days=366)  # no overflow
    assert parse_instant("2026-05-31T10:00:00+01:00") is not None
    for text in ["2026-05-31T10:00:00", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00-14:00"]:
        assert parse_instant(text) is None, text


@pytest.mark.parametrize(
    "target",
    ["basket", "summary", "https://evil.example/", "//evil.example/", "/\\evil.example",
     "javascript:alert(1)", "/ok\x00", ""],
)  # fmt: skip
def test_next_must_be_a_local_path(target):
    request = RequestFactory().get("/")
    assert safe_next_path(request, target, "/fallback/") == "/fallback/"
    assert safe_next_path(request, "/basket/?x=1", "/") == "/basket/?x=1"


# Control characters.


def test_nul_in_the_search_query_is_a_400_page(client, home_page):
    response = client.get("/search/", {"q": "candle\x00"})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("facet", ["category", "tag", "city", "kind"])
def test_nul_in_facet_values_is_refused_everywhere(client, home_page, facet):
    for url in ("/search/", reverse("catalogue:index")):
        assert client.get(url, {facet: "Spa\x00"}).status_code == 400
    api = client.get(reverse("site_search:api"), {facet: "Spa\x00"})
    assert api.status_code == 400
    assert "control characters" in api.json()["error"]


def test_nul_in_the_newsletter_forms_hidden_field(client, home_page):
    response = client.post(
        reverse("marketing:signup"),
        {"email": "ann@example.com", "consent": "on", "source": "footer\x00"},
    )
    assert response.status_code == 400


def test_line_breaks_are_allowed_in_form_bodies_but_not_other_controls(client, home_page):
    fine = client.post(reverse("marketing:signup"), {"email": "bad", "source": "a\r\nb\tc"})
    assert fine.status_code == 200
    assert client.post(reverse("marketing:signup"), {"email": "a\x1b@x.com"}).status_code == 400


# Dates at the calendar's edges.


@pytest.mark.parametrize("edge", EDGE_DATES)
def test_slot_list_at_the_calendar_edge_is_a_400(client, fuzz_site, edge):
    response = client.get(fuzz_site.pages["slot list"], {"from": edge})
    assert response.status_code == 400
    assert "from:" in response.json()["error"]
    assert client.get(fuzz_site.pages["slot list"], {"to": edge}).status_code == 400


@pytest.mark.parametrize("edge", EDGE_DATES)
def test_provider_calendar_at_the_calendar_edge(client, fuzz_site, user_factory, edge):
    admin = user_factory(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    for view in ("day", "week"):
        response = client.get(reverse("venue_bookings_calendar"), {"date": edge, "view": view})
        assert response.status_code == 200
    assert client.get(reverse("venue_bookings_calendar"), {"venue": "²"}).status_code == 200


@pytest.mark.parametrize("edge", EDGE_DATES)
def test_reschedule_page_at_the_calendar_edge(client, fuzz_site, user_factory, edge):
    from oscar.core.loading import get_model

    product = get_model("catalogue", "Product").objects.get(pk=fuzz_site.service_id)
    customer = user_factory(username="cora", email="cora@example.com")
    client.force_login(customer)
    booking = book_and_pay(client, product, next_slot(product), email=customer.email)
    url = reverse("bookings:reschedule", kwargs={"reference": booking.reference})
    response = client.get(url, {"day": edge})
    assert response.status_code == 200
    assert "Choose a date between" in response.content.decode()
    moved = client.post(url, {"start": "9999-12-31T23:59:59+14:00"})
    assert moved.status_code == 200


# Pages past the end.


def test_distance_sorted_search_far_past_the_last_page(client, fuzz_site):
    response = client.get("/search/", {"lat": 0, "lon": 0, "sort": "distance", "page": 500})
    assert response.status_code == 200


def test_past_the_end_of_a_search_that_matches_nothing(client, fuzz_site):
    response = client.get("/search/", {"q": "zzqxjnomatch", "page": 2})
    assert response.status_code == 200


# Holding a slot.


@pytest.mark.parametrize("target", ["basket", "summary", "https://evil.example/"])
def test_hold_with_a_next_that_is_not_a_path(client, fuzz_site, target):
    response = client.post(
        fuzz_site.pages["booking hold"],
        {"service": fuzz_site.service_id, "start": "x", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_hold_with_a_superscript_service_id(client, fuzz_site):
    response = client.post(
        fuzz_site.pages["booking hold"],
        {"service": "²", "start": "2026-05-31T10:00:00+01:00", "next": "/basket/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/basket/"


# Webhooks.


def post_stripe(client, payload, **sign_kwargs):
    return client.post(
        reverse("stripe-webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, **sign_kwargs),
    )


@pytest.mark.parametrize("body", ["[]", '[{"id": "evt_1"}]', "1", '"x"', "null", '{"id": 1}'])
def test_signed_stripe_body_that_is_not_an_event(client, stripe_fake, body):
    assert post_stripe(client, body).status_code == 400


def test_stripe_signatures_from_the_future_are_refused(client, stripe_fake):
    import time

    payload = json.dumps(
        {"id": "evt_future", "type": "unknown.event", "object": "event", "data": {"object": {}}}
    )
    an_hour_ahead = int(time.time()) + 3600
    assert post_stripe(client, payload, timestamp=an_hour_ahead).status_code == 400
    assert post_stripe(client, payload, timestamp=int(time.time()) - 3600).status_code == 400
    assert post_stripe(client, payload).status_code == 200


@pytest.mark.urls("tests.marketing.urls_with_webhooks")
def test_only_the_configured_providers_webhooks_are_served(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    for provider in ("mailgun", "sendgrid", "amazon_ses", "postal", "mandrill", "resend"):
        for route in ("tracking", "inbound"):
            assert client.post(f"/anymail/{provider}/{route}/").status_code == 404
    auth = "Basic " + b64encode(b"hook:secret").decode()
    for url in ("/anymail/postmark/tracking/", "/anymail/postmark/inbound/"):
        assert client.post(url).status_code == 400  # anonymous
        for body in ("[]", "not json", "[1, 2]", '"x"'):
            response = client.post(
                url, body, content_type="application/json", HTTP_AUTHORIZATION=auth
            )
            assert response.status_code == 400, (url, body)
        # An object anymail can read but does not know is simply not news.
        odd = client.post(
            url, '{"RecordType": 5}', content_type="application/json", HTTP_AUTHORIZATION=auth
        )
        assert odd.status_code < 500


def test_an_unknown_or_unconfigured_provider_fails_at_start_up():
    from django.core.exceptions import ImproperlyConfigured

    from marketing.provider_webhooks import provider_webhook_urlpatterns

    with pytest.raises(ImproperlyConfigured):
        provider_webhook_urlpatterns("carrier-pigeon")
    with pytest.raises(ImproperlyConfigured):
        provider_webhook_urlpatterns("mailgun")  # needs MAILGUN_WEBHOOK_SIGNING_KEY


# Request ids and cookies.


@pytest.mark.parametrize("given", ["x" * 65, "id with spaces", "id\x1b[31m", "é", "a/b"])
def test_unsafe_request_ids_are_replaced(client, home_page, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) <= 64


def test_safe_request_ids_pass_through(client, home_page):
    given = "lb-1.2_abc-" + "9" * 40
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


def test_the_open_basket_cookie_is_samesite_lax(client, fuzz_site, settings):
    response = client.post(fuzz_site.pages["basket add"], {"quantity": 1})
    cookie = response.cookies[settings.OSCAR_BASKET_COOKIE_OPEN]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


def test_the_open_basket_cookie_is_secure_where_production_asks(client, fuzz_site, settings):
    settings.OSCAR_BASKET_COOKIE_SECURE = True  # as config/settings/production.py sets it
    response = client.post(fuzz_site.pages["basket add"], {"quantity": 1})
    cookie = response.cookies[settings.OSCAR_BASKET_COOKIE_OPEN]
    assert cookie["secure"] and cookie["samesite"] == "Lax"


# Sign-in providers without keys.


@pytest.mark.parametrize("provider", ["google", "apple"])
def test_unconfigured_sign_in_providers_are_not_found(client, home_page, provider):
    login = f"/accounts/{provider}/login/"
    assert client.get(login, {"process": "login"}).status_code == 404
    assert client.post(login).status_code == 404
    callback = f"/accounts/{provider}/login/callback/"
    for method in (client.get, client.post):
        response = method(callback, {"code": "x"}, follow=True)
        assert 400 <= response.status_code < 500, method
