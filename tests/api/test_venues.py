"""/api/v1/venues/ and /api/v1/services/: the same free times and rules as the HTML picker."""

import pytest
from django.urls import reverse

from bookings.service import MAX_RANGE_DAYS, BookableService

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db


def test_venue_lists_its_services_with_policy_prices(client, open_venue, service):
    listing = client.get(f"{API}/venues/").json()
    assert [venue["id"] for venue in listing["results"]] == [open_venue.pk]
    detail = client.get(f"{API}/venues/{open_venue.pk}/").json()
    assert detail["services"] == [
        {
            "id": service.pk,
            "title": "Deep Tissue Massage",
            "price": detail["services"][0]["price"],
            "duration_minutes": 60,
        }
    ]
    assert detail["services"][0]["price"]["amount"] == "60.00"  # 50.00 + 20% tax


def test_service_states_its_rules_and_cancellation_policy(client, service):
    data = client.get(f"{API}/services/{service.pk}/").json()
    bookable = BookableService.load(service.pk)
    assert data["rules"]["duration_minutes"] == 60
    assert data["rules"]["capacity"] == bookable.timing.capacity
    assert data["rules"]["cancellation_policy"] == bookable.policy_summary


def test_availability_matches_the_pickers_slot_list(client, service):
    bookable = BookableService.load(service.pk)
    first = bookable.local_today().isoformat()
    params = {"from": first, "to": first}
    ours = client.get(f"{API}/services/{service.pk}/availability/", params).json()
    pickers = client.get(reverse("bookings:free-slots", args=[service.pk]), params).json()
    assert ours == pickers
    assert ours["days"][0]["slots"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"from": "2030-01-10", "to": "2030-01-01"}, "__all__"),
        ({"from": "2030-01-01", "to": "2030-03-01"}, "__all__"),
    ],
)
def test_availability_refuses_what_the_picker_refuses(client, service, params, field):
    response = client.get(f"{API}/services/{service.pk}/availability/", params)
    assert response.status_code == 422
    assert field in error_shape(response)["errors"]
    assert MAX_RANGE_DAYS == 31


def test_unknown_or_unpublished_service_is_404(client, service, open_venue):
    assert client.get(f"{API}/services/{service.pk + 1000}/availability/").status_code == 404
    open_venue.unpublish()
    response = client.get(f"{API}/services/{service.pk}/")
    assert response.status_code == 404
    error_shape(response)
    assert client.get(f"{API}/venues/{open_venue.pk}/").status_code == 404
