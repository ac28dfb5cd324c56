"""Every API request counts against the per-IP limits (writes against a stricter one too)."""

import pytest

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db


def test_requests_past_the_per_ip_limit_answer_429_with_retry_after(client, settings, product):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/m"}
    for _ in range(3):
        assert client.get(f"{API}/catalogue/products/").status_code == 200
    response = client.get(f"{API}/catalogue/products/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    error_shape(response)
    other_ip = client.get(f"{API}/catalogue/products/", REMOTE_ADDR="192.0.2.7")
    assert other_ip.status_code == 200


@pytest.mark.alone  # query counts and limits other workers' traffic upsets (pyproject)
def test_writes_have_their_own_stricter_limit(client, settings, product):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_write": "2/h"}
    for _ in range(2):
        response = client.post(
            f"{API}/basket/lines/", {"product_id": product.pk}, content_type="application/json"
        )
        assert response.status_code == 201
    response = client.post(
        f"{API}/basket/lines/", {"product_id": product.pk}, content_type="application/json"
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert client.get(f"{API}/basket/").json()["lines"][0]["quantity"] == 2
