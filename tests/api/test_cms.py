"""/api/v1/cms/: Wagtail's API v2 with live, public pages and their chosen fields only."""

import pytest
from wagtail.models import PageViewRestriction

from .conftest import API

pytestmark = pytest.mark.django_db


def test_live_public_venue_pages_with_their_chosen_fields(client, make_venue):
    shown = make_venue("Shown Spa")
    make_venue("Draft Spa", publish=False)
    hidden = make_venue("Private Spa")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    response = client.get(f"{API}/cms/pages/", {"type": "venues.VenuePage", "fields": "*"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Shown Spa"]
    assert items[0]["city"] == shown.city
    assert "hours_snapshot" not in items[0] and "partner" not in items[0]


def test_internal_fields_cannot_be_asked_for(client, make_venue):
    make_venue("Shown Spa")
    response = client.get(f"{API}/cms/pages/", {"type": "venues.VenuePage", "fields": "partner"})
    assert response.status_code == 400


def test_content_api_reads_no_credentials(client, make_venue, user_factory):
    """DRF's Basic authentication would check passwords outside allauth's rate limits."""
    make_venue("Shown Spa")
    user_factory(username="ann", password="right-password")
    response = client.get(
        f"{API}/cms/pages/", headers={"Authorization": "Basic YW5uOndyb25nLXBhc3N3b3Jk"}
    )
    assert response.status_code == 200  # a wrong password is not even looked at
