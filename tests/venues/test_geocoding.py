"""Putting a venue on the map from its address: the offline fake, the Nominatim client
against a local server (and a closed port), and a new venue located after approval."""

import json
import socket
import threading
from decimal import Decimal as D
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from hypothesis import given
from hypothesis import strategies as st

from venues.geocoding import FakeGeocoder, NominatimGeocoder, one_line


@given(st.text(min_size=1).filter(str.strip))
def test_the_fake_gives_one_point_per_address_inside_great_britain(address):
    point = FakeGeocoder().geocode(address)
    assert point == FakeGeocoder().geocode(f"  {address} ")  # surrounding spaces do not matter
    assert D("50.5") <= point.latitude <= D("54.5") and D("-3.5") <= point.longitude <= D("-0.5")
    assert point.latitude == point.latitude.quantize(D("0.000001"))


def test_no_address_no_point():
    assert FakeGeocoder().geocode("  ") is None
    assert one_line("3 Mill Street", "Manchester", "", "United Kingdom") == (
        "3 Mill Street, Manchester, United Kingdom"
    )


@pytest.fixture
def nominatim():
    """A local stand-in for Nominatim that records what it was asked."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            asked.append((self.path, self.headers.get("User-Agent")))
            body = json.dumps([{"lat": "53.4807593", "lon": "-2.2426305"}]).encode()
            if "nowhere" in self.path:
                body = b"[]"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/search", asked
    server.shutdown()


def test_nominatim_reads_the_first_result(nominatim):
    url, asked = nominatim
    point = NominatimGeocoder(url=url, user_agent="Test site venue geocoder").geocode(
        "3 Mill Street, Manchester"
    )
    assert (point.latitude, point.longitude) == (D("53.480759"), D("-2.242631"))
    path, user_agent = asked[0]
    assert "q=3+Mill+Street%2C+Manchester" in path and "format=jsonv2" in path
    assert user_agent == "Test site venue geocoder"
    assert NominatimGeocoder(url=url).geocode("nowhere at all") is None


def test_nominatim_down_means_no_point_not_an_error():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    assert (
        NominatimGeocoder(url=f"http://127.0.0.1:{closed}/search", timeout=1).geocode("x") is None
    )


@pytest.mark.django_db
def test_an_approved_application_puts_the_venue_on_the_map(
    category, venue_index, user_factory, django_capture_on_commit_callbacks
):
    from venues.models import VenueApplication
    from venues.provisioning import approve_application

    application = VenueApplication.objects.create(
        business_name="Kiln Beauty Bar",
        category=category,
        description="Nails.",
        street_address="3 Mill Street",
        city="Manchester",
        postcode="M1 2AB",
        contact_name="Mei Chen",
        email="mei@example.com",
        phone="0161 000000",
    )
    moderator = user_factory(username="mod", roles=["Moderators"])
    with django_capture_on_commit_callbacks(execute=True):
        venue = approve_application(application.pk, moderator)

    expected = FakeGeocoder().geocode("3 Mill Street, Manchester, M1 2AB, United Kingdom")
    venue.refresh_from_db()
    assert (venue.latitude, venue.longitude) == (expected.latitude, expected.longitude)
    draft = venue.get_latest_revision_as_object()  # what the provider's edit form opens
    assert (draft.latitude, draft.longitude) == (expected.latitude, expected.longitude)
