"""Every public URL driven with hostile query strings, form bodies and JSON: never a 500.

The URLs come from the URLconf (every pattern outside the admin and dashboards, converters
filled in with the fixture site's ids) plus the Wagtail pages of the fixture site. Runs in
about two minutes on SQLite; raise FUZZ_EXAMPLES (default 3) locally to search harder.
"""

import json
import os
import re
import uuid
from base64 import b64encode
from html import escape

import pytest
from django.forms import BaseForm
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.shop.stripe_fake import sign

from .strategies import hostile_json, hostile_params, hostile_value

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # report the input as found: shrinking is slow here
    derandomize=True,  # the same examples every run: a failure here is a real regression
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Not public: staff areas answer anonymous visitors with a sign-in redirect and are not fuzzed.
PRIVATE_PREFIXES = ("admin/", "django-admin/", "shop/dashboard/", "documents/", "anymail/")
QUERY_NAMES = [
    "q", "page", "page_size", "sort", "sort_by", "lat", "lon", "radius_km", "kind", "category",
    "tag", "city", "price_min", "price_max", "rating_min", "open_now", "from", "to", "day",
    "date", "view", "venue", "service", "next", "start", "utm_source", "utm_campaign", "format",
]  # fmt: skip
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def url_patterns(patterns=None, prefix=""):
    """(route, pattern) for every URL pattern, nested includes flattened."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def concrete_path(route, site):
    """A path for a route: converters get the fixture site's ids; regex routes are skipped
    unless they have no groups (Wagtail's catch-all is covered by the site's own pages)."""
    if "^" in route or "$" in route or "(" in route or "\\" in route:
        plain = route.replace("^", "").replace("$", "")
        if re.search(r"[()\\\[\]?*+]", plain):
            return None
        route = plain
    samples = {
        "int": str(site.product_id),
        "uuid": str(uuid.UUID(int=1)),
        "slug": "x",
        "str": "x",
        "path": "x",
    }
    path = CONVERTER.sub(lambda m: samples.get(m.group("kind") or "str", "x"), route)
    return "/" + path


def public_paths(site):
    paths = set(site.pages.values())
    for route, _pattern in url_patterns():
        plain = route.lstrip("^")
        if plain.startswith(PRIVATE_PREFIXES):
            continue
        path = concrete_path(route, site)
        if path is not None:
            paths.add(path)
    return sorted(paths)


def bound_forms_with_errors(response):
    if response.context is None:
        return []
    forms = []
    for context in response.context:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                forms.append(value)
    return forms


def assert_handled(response, where):
    assert response.status_code < 500, (where, response.status_code)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        for form in bound_forms_with_errors(response):
            messages = [escape(m) for errors in form.errors.values() for m in errors]
            # A field's message, or (Oscar's shipping method step) an error alert about it.
            shown = any(m in html for m in messages) or 'role="alert"' in html
            assert shown, (where, form.errors)


def test_the_url_list_covers_the_public_site(fuzz_site):
    paths = public_paths(fuzz_site)
    for wanted in fuzz_site.pages.values():
        assert wanted in paths
    assert len(paths) > 60  # Oscar, allauth, search, bookings, newsletter and our pages


@fuzz_settings
@given(data=st.data())
def test_get_any_public_url_with_hostile_query_strings(client, fuzz_site, data):
    paths = public_paths(fuzz_site)
    for path in paths:
        params = data.draw(hostile_params(QUERY_NAMES), label=path)
        assert_handled(client.get(path, params), (path, params))


# name: (page key, fields its form posts)
FORMS = {
    "newsletter sign-up": ("newsletter sign-up", ["email", "consent", "source"]),
    "landing newsletter": ("landing newsletter", ["email", "consent", "consent_text"]),
    "venue application": (
        "venue application",
        [
            "business_name",
            "category",
            "description",
            "street_address",
            "city",
            "postcode",
            "website",
            "contact_name",
            "email",
            "phone",
        ],
    ),  # fmt: skip
    "booking hold": ("booking hold", ["service", "start", "next"]),
    "basket add": ("basket add", ["quantity", "booking-slot"]),
    "basket": (
        "basket",
        ["form-TOTAL_FORMS", "form-INITIAL_FORMS", "form-0-id", "form-0-quantity"],
    ),  # fmt: skip
    "checkout": ("checkout", ["username", "options", "password"]),
    "sign in": ("sign in", ["login", "password", "remember"]),
    "sign up": ("sign up", ["email", "password1", "password2", "username"]),
    "search click": (None, ["search_id", "result", "position"]),
}


@pytest.mark.parametrize("form_name", FORMS)
@fuzz_settings
@given(data=st.data())
def test_post_hostile_form_bodies(client, fuzz_site, form_name, data):
    page_key, fields = FORMS[form_name]
    url = fuzz_site.pages[page_key] if page_key else "/search/click/"
    for _ in range(8):
        body = data.draw(hostile_params(fields))
        assert_handled(client.post(url, body), (url, body))


@fuzz_settings
@given(data=st.data())
def test_checkout_steps_with_a_basket(client, fuzz_site, data):
    client.post(fuzz_site.pages["basket add"], {"quantity": 1})
    client.post(
        fuzz_site.pages["checkout"], {"username": "ann@example.com", "options": "anonymous"}
    )
    steps = ["/shop/checkout/shipping-address/", "/shop/checkout/shipping-method/",
             "/shop/checkout/payment-method/", "/shop/checkout/payment-details/",
             "/shop/checkout/preview/"]  # fmt: skip
    names = ["first_name", "last_name", "line1", "line4", "postcode", "country", "method_code",
             "action", "phone_number", "payment_method"]  # fmt: skip
    for step in steps:
        for _ in range(2):
            body = data.draw(hostile_params(names), label=step)
            assert_handled(client.post(step, body), (step, body))
            assert_handled(client.get(step, body), (step, body))


@fuzz_settings
@given(data=st.data())
def test_stripe_webhook_with_signed_hostile_json(client, fuzz_site, stripe_fake, data):
    for _ in range(8):
        body = data.draw(
            st.one_of(
                hostile_json(),
                st.fixed_dictionaries(
                    {"id": hostile_value(), "type": hostile_value(), "data": hostile_json()}
                ),
            )
        )
        payload = json.dumps(body)
        response = client.post(
            fuzz_site.pages["stripe webhook"],
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(payload),
        )
        assert response.status_code < 500, payload
        unsigned = client.post(
            fuzz_site.pages["stripe webhook"],
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=data.draw(hostile_value()),
        )
        assert unsigned.status_code == 400


@pytest.mark.urls("tests.marketing.urls_with_webhooks")
@fuzz_settings
@given(data=st.data())
def test_email_provider_webhooks_with_hostile_json(client, fuzz_site, data, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    auth = "Basic " + b64encode(b"hook:secret").decode()
    for url in ("/anymail/postmark/tracking/", "/anymail/postmark/inbound/"):
        for _ in range(6):
            payload = json.dumps(data.draw(hostile_json()))
            signed = client.post(
                url, payload, content_type="application/json", HTTP_AUTHORIZATION=auth
            )
            assert signed.status_code < 500, (url, payload)
            assert client.post(url, payload, content_type="application/json").status_code == 400


@fuzz_settings
@given(data=st.data())
def test_json_endpoints_answer_errors_in_json(client, fuzz_site, data):
    for key in ("search api", "search suggest", "slot list"):
        url = fuzz_site.pages[key]
        for _ in range(6):
            params = data.draw(hostile_params(QUERY_NAMES))
            response = client.get(url, params)
            assert response.status_code < 500, (url, params)
            if response.status_code == 400:
                assert "error" in response.json(), (url, params)
