"""Parallel shoppers at one slot: the database lets exactly `capacity` of them hold it."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from bookings.models import Booking

from .conftest import hold, next_slot

SHOPPERS = 10


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_ten_parallel_attempts_get_exactly_capacity_bookings(open_venue, make_service, capacity):
    service = make_service(open_venue, capacity=capacity)
    start = next_slot(service)

    def attempt(_n):
        client = Client()
        try:
            response = hold(client, service, start, next_url="/refused/")
            page = client.get(reverse("basket:summary")).content.decode()
            return response["Location"], page
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=SHOPPERS) as pool:
        results = list(pool.map(attempt, range(SHOPPERS)))

    held = [r for r in results if r[0] == reverse("basket:summary")]
    refused = [r for r in results if r[0] == "/refused/"]
    assert len(held) == capacity
    assert len(refused) == SHOPPERS - capacity
    assert all("is no longer available" in page for _, page in refused)
    assert Booking.objects.filter(status=Booking.Status.HELD, start=start).count() == capacity
