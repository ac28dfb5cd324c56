"""Google and Apple come from environment variables alone and show only when configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialApp
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]

GOOGLE_ENV = {"GOOGLE_CLIENT_ID": "google-id", "GOOGLE_CLIENT_SECRET": "google-secret"}
APPLE_ENV = {
    "APPLE_CLIENT_ID": "com.example.signin",
    "APPLE_KEY_ID": "KEY123",
    "APPLE_TEAM_ID": "TEAM123",
    "APPLE_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----",
}
PROVIDERS = {
    "google": {"APPS": [{"client_id": "google-id", "secret": "google-secret"}]},
    "apple": {
        "APPS": [
            {
                "client_id": "com.example.signin",
                "secret": "KEY123",
                "key": "TEAM123",
                "settings": {"certificate_key": "-----BEGIN PRIVATE KEY-----"},
            }
        ]
    },
}


def configured_providers(env):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in GOOGLE_ENV | APPLE_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings.test"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_environment_means_no_providers():
    assert configured_providers({}) == {}


def test_providers_come_from_the_environment():
    providers = configured_providers(GOOGLE_ENV | APPLE_ENV)
    assert providers["google"]["APPS"] == [{"client_id": "google-id", "secret": "google-secret"}]
    apple = providers["apple"]["APPS"][0]
    assert (apple["client_id"], apple["secret"], apple["key"]) == (
        "com.example.signin",
        "KEY123",
        "TEAM123",
    )
    assert apple["settings"]["certificate_key"].startswith("-----BEGIN PRIVATE KEY-----\n")


@pytest.mark.django_db
def test_login_page_shows_no_social_buttons_when_unconfigured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    page = client.get(reverse("account_login")).content.decode()
    assert "Google" not in page
    assert "Apple" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_configured_providers_appear_on_sign_in_and_sign_up(client, settings, url_name):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    page = client.get(reverse(url_name)).content.decode()
    assert "Google" in page
    assert "Apple" in page
    assert reverse("google_login") in page
    assert not SocialApp.objects.exists()  # nothing in the database
