"""/api/v1/search/: the site search's answers, its limits, and the old paths still working."""

import pytest

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_search(settings):
    settings.SEARCH_ENGINE = "database"


def test_search_answers_as_the_old_endpoint(client, database_search, product):
    params = {"q": "candle", "sort": "price"}
    ours = client.get(f"{API}/search/", params)
    old = client.get("/search/api/", params)
    assert ours.status_code == old.status_code == 200
    assert ours.json() == old.json()


def test_suggest_answers_as_the_old_endpoint(client, database_search, product):
    ours = client.get(f"{API}/search/suggest/", {"q": "bee"})
    old = client.get("/search/suggest/", {"q": "bee"})
    assert ours.status_code == old.status_code == 200
    assert ours.json() == old.json()


def test_bad_parameters_answer_400_with_field_errors(client, database_search):
    response = client.get(f"{API}/search/", {"lat": "51"})
    assert response.status_code == 400
    assert error_shape(response)["errors"] == {"lon": ["Give both lat and lon."]}


def test_search_is_rate_limited_per_client_ip(client, database_search, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": "2/m"}
    for _ in range(2):
        assert client.get(f"{API}/search/", {"q": "x"}).status_code == 200
    response = client.get(f"{API}/search/", {"q": "x"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    error_shape(response)
