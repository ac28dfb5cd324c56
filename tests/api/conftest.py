"""API fixtures: the shop's and the bookings' own (a product, a venue with a service)."""

from decimal import Decimal as D

import pytest
from oscar.test.factories import create_product

from tests.bookings.conftest import (  # noqa: F401 (fixtures the API tests build on)
    category,
    customer,
    customer_client,
    make_image,
    make_service,
    make_venue,
    open_venue,
    provider_of,
    service,
    venue_index,
)

API = "/api/v1"


@pytest.fixture
def product(db, countries):
    return create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=10)


def error_shape(response):
    """Every API error answers {"error": str, "errors": {field: [str]}}."""
    body = response.json()
    assert set(body) == {"error", "errors"}, body
    assert isinstance(body["error"], str) and body["error"]
    assert all(isinstance(messages, list) for messages in body["errors"].values())
    return body
