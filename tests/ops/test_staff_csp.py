"""The staff areas' Content-Security-Policy, as tight as each allows (docs/architecture.md):
Django's admin and Oscar's dashboard run no inline script without the request's nonce;
Wagtail's admin alone allows inline scripts, and nothing else more than the site does."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.ops.test_security_headers import policy

pytestmark = pytest.mark.django_db

CANCEL_HANDLER_HASH = "'sha256-NqaPugiVKFsqU2P8L2sjJSLsiSKaQB+C9S5V0ZiRxfc='"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def inline_scripts(content):
    """Opening tags of the scripts that run inline (not files, not JSON data)."""
    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", content)
        if "src=" not in tag and "json" not in tag
    ]


def assert_site_policy_with_nonce(response):
    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    nonces = [s for s in directives["script-src"] if s.startswith("'nonce-")]
    content = response.content.decode()
    for tag in inline_scripts(content):
        assert f'nonce="{nonces[0][7:-1]}"' in tag, tag
    return directives, content


@pytest.fixture
def shop_staff(user_factory, home_page):
    return user_factory(username="shop-staff", roles=["Shop staff"])


@pytest.mark.parametrize(
    "url",
    [
        "/shop/dashboard/",
        "/shop/dashboard/orders/",
        "/shop/dashboard/catalogue/",
        "/shop/dashboard/catalogue/product-type/create/",  # has an inline "cancel" handler
    ],
)
def test_the_oscar_dashboard_runs_only_scripts_with_the_nonce(shop_staff, url):
    response = signed_in(shop_staff).get(url)
    directives, content = assert_site_policy_with_nonce(response)
    assert inline_scripts(content), "the dashboard's own inline script is there, with the nonce"
    # The three inline "cancel" handlers Oscar's templates keep are allowed by hash only.
    assert "'unsafe-hashes'" in directives["script-src"]
    assert CANCEL_HANDLER_HASH in directives["script-src"]
    handlers = re.findall(r'\son[a-z]+="([^"]*)"', content)
    if "create" in url:
        assert handlers, "the page with a cancel handler was checked"
    for handler in handlers:
        assert handler in ("window.history.go(-1);return false", "window.close();return false;")


def test_the_handler_hashes_are_only_on_the_dashboard(client, home_page):
    assert CANCEL_HANDLER_HASH not in policy(client.get("/"))["script-src"]


def test_the_django_admin_has_the_site_policy(user_factory, home_page):
    root = user_factory(username="root", is_staff=True, is_superuser=True)
    response = signed_in(root).get(reverse("admin:index"), follow=True)
    directives, _ = assert_site_policy_with_nonce(response)
    assert "'unsafe-hashes'" not in directives["script-src"]


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/"])
def test_the_wagtail_admin_allows_inline_scripts_and_nothing_more(user_factory, home_page, url):
    editor = user_factory(username="editor", roles=["Editors"])
    response = signed_in(editor).get(url, follow=True)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]  # no nonce to void it
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
