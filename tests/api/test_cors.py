"""CORS: only the origins in API_CORS_ALLOWED_ORIGINS, only for /api/v1/."""

import pytest

from .conftest import API

pytestmark = pytest.mark.django_db

ALLOWED = "https://app.example.com"


@pytest.fixture
def allow_list(settings):
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED]


def test_an_allowed_origin_may_call_the_api(client, allow_list, product):
    response = client.get(f"{API}/catalogue/products/", headers={"Origin": ALLOWED})
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    exposed = response["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "X-Request-ID" in exposed
    preflight = client.options(
        f"{API}/basket/lines/",
        headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == ALLOWED
    assert "Access-Control-Allow-Credentials" not in preflight


def test_other_origins_and_other_paths_get_no_cors_headers(client, allow_list, product):
    stranger = client.get(f"{API}/catalogue/products/", headers={"Origin": "https://evil.test"})
    assert "Access-Control-Allow-Origin" not in stranger
    page = client.get("/search/api/", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in page
