"""/api/v1/ itself: the schema, the docs page, errors, pagination, conditional GET."""

import re

import pytest
from django.test import Client
from oscar.test.factories import create_product

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_1(client):
    response = client.get(f"{API}/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    for path in (
        "/api/v1/catalogue/products/",
        "/api/v1/services/{service_id}/availability/",
        "/api/v1/search/",
    ):
        assert path in schema["paths"]


def test_docs_page_uses_our_static_files_not_a_cdn(client):
    response = client.get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert all(source.startswith("/static/") for source in sources), sources


def test_unknown_path_answers_json_404(client):
    response = client.get(f"{API}/no-such-thing/")
    assert response.status_code == 404
    error_shape(response)


def test_invalid_query_answers_422_with_field_errors(client):
    response = client.get(f"{API}/catalogue/products/", {"page": "zero"})
    assert response.status_code == 422
    body = error_shape(response)
    assert list(body["errors"]) == ["page"]


def test_page_past_the_end_is_404(client, product):
    response = client.get(f"{API}/catalogue/products/", {"page": 2})
    assert response.status_code == 404
    error_shape(response)


def test_pages_link_to_next_and_previous(client, countries):
    for number in range(3):
        create_product(title=f"Candle {number}", num_in_stock=1)
    first = client.get(f"{API}/catalogue/products/", {"page_size": 2}).json()
    assert first["count"] == 3 and first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/catalogue/products/?")
    second = client.get(first["next"]).json()
    assert second["next"] is None
    assert len(second["results"]) == 1
    assert client.get(second["previous"]).json() == first


def test_read_answers_carry_an_etag_and_honour_if_none_match(client, product):
    url = f"{API}/catalogue/products/{product.pk}/"
    response = client.get(url)
    etag = response["ETag"]
    assert etag
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    product.title = "Renamed candle"
    product.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_unreadable_numbers_in_the_path_are_404_not_500(client):
    assert client.get(f"{API}/catalogue/products/99999999999999999999/").status_code == 404


def test_unknown_paths_answer_json_404_for_writes_too(client):
    response = Client(enforce_csrf_checks=True).delete(f"{API}/basket/lines/-1/")
    assert response.status_code == 404
    error_shape(response)


def test_control_characters_in_an_api_path_answer_json(client):
    response = client.get(f"{API}/bookings/%0A%05/")
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/json"
