"""Every page family sends a strict Content-Security-Policy (inline scripts only with the
request's nonce; Stripe and map tiles only where used) and a Permissions-Policy."""

import re

import pytest
from django.urls import reverse

from tests.shop.conftest import start_guest_checkout

pytestmark = pytest.mark.django_db

TILES = "https://tile.openstreetmap.org"


def policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response):
    assert response.status_code in (200, 302), response.status_code
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    return directives


@pytest.fixture
def pages(client, home_page, product, second_product, make_venue, make_post):
    venue = make_venue()
    post = make_post(title="Harbour walks")
    return {
        "home": "/",
        "venue": venue.url,
        "blog": post.url,
        "product": product.get_absolute_url(),
        "catalogue": reverse("catalogue:index"),  # with its sort order select
        "basket": reverse("basket:summary"),
        "search": reverse("site_search:page") + "?q=candle",
        "sign-in": reverse("account_login"),
        "admin login": "/admin/login/",
        "django admin login": "/django-admin/login/",
    }


def test_every_page_family_sends_the_policies(client, pages):
    for name, url in pages.items():
        # The admin sign-in pages hand over to allauth's: the page shown is checked.
        response = client.get(url, follow=True)
        directives = assert_strict(response)
        assert "https://js.stripe.com" not in directives["script-src"], name
        assert (name == "venue") == (TILES in directives["img-src"]), name


def test_inline_scripts_carry_the_nonce_in_the_header(client, pages):
    response = client.get(pages["basket"])
    nonce = re.search(r'<script nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]


def test_every_inline_script_has_the_nonce(client, pages):
    for name, url in pages.items():
        content = client.get(url, follow=True).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", content):
            if "src=" in tag or "application/ld+json" in tag or "application/json" in tag:
                continue
            assert "nonce=" in tag, (name, tag)
        assert not re.search(r"<[^>]*\son[a-z]+=", content), name  # no inline handlers


def test_the_payment_step_allows_stripe_only_there(client, product, stripe_fake):
    start_guest_checkout(client, product)
    response = client.get(reverse("checkout:preview"))
    directives = assert_strict(response)
    assert "https://js.stripe.com" in directives["script-src"]
    assert "https://api.stripe.com" in directives["connect-src"]
    assert "https://js.stripe.com" in directives["frame-src"]
    assert "https://js.stripe.com" not in policy(client.get("/"))["script-src"]


def test_checkout_and_account_pages_send_the_policies(client, product, user_factory):
    start_guest_checkout(client, product)
    assert_strict(client.get(reverse("checkout:preview")))
    client.post(reverse("checkout:preview"), {"action": "place_order"})
    thank_you = client.get(reverse("checkout:thank-you"))
    assert_strict(thank_you)
    assert not re.search(r"<[^>]*\son[a-z]+=", thank_you.content.decode())
    user = user_factory()
    client.force_login(user)
    assert_strict(client.get(reverse("accounts:profile")))


def test_report_only_mode_sends_the_policy_for_reporting_only(client, home_page, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]
