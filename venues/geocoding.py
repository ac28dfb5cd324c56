"""Addresses to map positions, through a configurable geocoder (`VENUE_GEOCODER`).

- `NominatimGeocoder`: OpenStreetMap's Nominatim (or a self-hosted one at
  `VENUE_GEOCODER_URL`), for production; its usage policy asks for a descriptive User-Agent and
  at most one request a second, which approving applications one at a time stays under.
- `FakeGeocoder`: no network; a fixed point per address, for tests and the demo.
- `NoGeocoder` (the default): nothing is looked up; editors place the venue on the map.
A failed or empty lookup returns None: the venue keeps empty coordinates for the editor."""

import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
PLACES = Decimal("0.000001")  # the model keeps six decimal places (about 10 cm)


@dataclass(frozen=True)
class Point:
    latitude: Decimal
    longitude: Decimal


def one_line(street_address="", city="", postcode="", country=""):
    return ", ".join(part.strip() for part in (street_address, city, postcode, country) if part)


class NoGeocoder:
    def geocode(self, address: str) -> Point | None:
        return None


class FakeGeocoder:
    """The same address always gives the same point, inside Great Britain."""

    def geocode(self, address: str) -> Point | None:
        if not address.strip():
            return None
        digest = hashlib.sha256(address.strip().lower().encode()).digest()
        north = Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**32)
        east = Decimal(int.from_bytes(digest[4:8], "big")) / Decimal(2**32)
        return Point(
            latitude=(Decimal("50.5") + north * 4).quantize(PLACES),
            longitude=(Decimal("-3.5") + east * 3).quantize(PLACES),
        )


class NominatimGeocoder:
    def __init__(self, url=None, user_agent=None, timeout=5):
        self.url = url or settings.VENUE_GEOCODER_URL
        self.user_agent = user_agent or f"{settings.SITE_NAME} venue geocoder"
        self.timeout = timeout

    def geocode(self, address: str) -> Point | None:
        if not address.strip():
            return None
        query = urlencode({"q": address, "format": "jsonv2", "limit": 1})
        request = Request(f"{self.url}?{query}", headers={"User-Agent": self.user_agent})
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (https URL from settings)
                results = json.load(response)
        except (URLError, OSError, ValueError):
            logger.warning("Geocoding failed for %r", address, exc_info=True)
            return None
        if not results:
            return None
        return Point(
            latitude=Decimal(results[0]["lat"]).quantize(PLACES, rounding=ROUND_HALF_UP),
            longitude=Decimal(results[0]["lon"]).quantize(PLACES, rounding=ROUND_HALF_UP),
        )


def geocoder():
    return import_string(settings.VENUE_GEOCODER)()


def locate(venue) -> bool:
    """Fill in an unplaced venue's position from its address; True when it was placed."""
    if venue.latitude is not None or venue.longitude is not None:
        return False
    point = geocoder().geocode(
        one_line(venue.street_address, venue.city, venue.postcode, venue.country)
    )
    if point is None:
        return False
    venue.latitude, venue.longitude = point.latitude, point.longitude
    return True
