"""Moving Booking and ServiceBookingSettings from venues to bookings keeps every row.

The move changes Django's state only (the tables keep their venues_ names), so migrating back
to before it and forward again must leave a booking and its service's rules as they were, with
their content types following the models.
"""

import os
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bookings.models import Booking, ServiceBookingSettings

from .conftest import next_slot

# `migrate bookings zero`: bookings 0001 and venues 0005 (which depends on it) are unapplied,
# which leaves venues at 0004, where it still owned the models.
BEFORE_THE_MOVE = [("bookings", None)]
VENUES_BEFORE_THE_MOVE = ("venues", "0004_bookings")

# Migrating a shared test database back and forth leaves rows behind that the next transactional
# test's serialized rollback then trips over, so this runs in a session of its own on a fresh
# PostgreSQL database: `.ci/run` does that with MIGRATION_TESTS=1.
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or os.environ.get("MIGRATION_TESTS") != "1",
        reason="runs alone on PostgreSQL with MIGRATION_TESTS=1 (see .ci/run)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def migrate(targets, *, state_at):
    """Migrate to `targets`; return the models as they are at the migrations `state_at`."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(state_at).apps


def test_a_booking_survives_moving_back_before_the_move_and_forward_again(open_venue, make_service):
    service = make_service(open_venue, capacity=3)
    start = next_slot(service)
    booking = Booking.objects.create(
        venue=open_venue,
        service=service,
        service_title="Deep Tissue Massage",
        email="guest@example.com",
        start=start,
        end=start + timedelta(hours=1),
        busy_until=start + timedelta(hours=1),
        status=Booking.Status.CONFIRMED,
    )
    rules = ServiceBookingSettings.objects.get(product=service)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    try:
        old = migrate(BEFORE_THE_MOVE, state_at=VENUES_BEFORE_THE_MOVE)
        old_booking = old.get_model("venues", "Booking").objects.get(pk=booking.pk)
        assert old_booking.reference == booking.reference
        assert old_booking.venue_id == open_venue.pk
        assert old_booking.service_id == service.pk
        assert old_booking.start == start
        assert old_booking.status == "confirmed"
        old_rules = old.get_model("venues", "ServiceBookingSettings").objects.get(pk=rules.pk)
        assert old_rules.capacity == 3
        assert ContentType.objects.filter(app_label="venues", model="booking").exists()
        assert not ContentType.objects.filter(app_label="bookings").exists()
    finally:
        new = migrate(latest, state_at=latest)
        ContentType.objects.clear_cache()

    moved = new.get_model("bookings", "Booking").objects.get(pk=booking.pk)
    assert moved.reference == booking.reference
    assert moved.venue_id == open_venue.pk
    assert moved.start == start
    assert moved.status == "confirmed"
    assert Booking.objects.get(pk=booking.pk).service_name == "Deep Tissue Massage"
    assert ServiceBookingSettings.objects.get(pk=rules.pk).capacity == 3
    assert ContentType.objects.get_for_model(Booking).app_label == "bookings"
    assert not ContentType.objects.filter(app_label="venues", model="booking").exists()
