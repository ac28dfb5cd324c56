"""The bookings' capacity rule holds through the API as through the picker: parallel holds of
one time get exactly `capacity` places (PostgreSQL row locks)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from bookings.models import Booking
from tests.bookings.conftest import next_slot

from .conftest import API

SHOPPERS = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_parallel_api_holds_get_exactly_capacity_places(open_venue, make_service, capacity):
    service = make_service(open_venue, capacity=capacity)
    start = next_slot(service)

    def attempt(number):
        try:
            response = Client(REMOTE_ADDR=f"192.0.2.{number + 1}").post(
                f"{API}/basket/holds/",
                {"service_id": service.pk, "start": start.isoformat()},
                content_type="application/json",
            )
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=SHOPPERS) as pool:
        statuses = list(pool.map(attempt, range(SHOPPERS)))

    assert sorted(statuses) == [201] * capacity + [409] * (SHOPPERS - capacity)
    assert Booking.objects.filter(status=Booking.Status.HELD, start=start).count() == capacity
