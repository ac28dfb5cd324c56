"""The demo has bookable services with varied rules and a fortnight of bookings."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.models import Booking, ServiceBookingSettings

pytestmark = pytest.mark.django_db


def test_demo_bookings_are_built_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", domain="127.0.0.1:8000", verbosity=0, stdout=StringIO())
    now = timezone.now()
    assert Booking.objects.filter(start__lt=now).exclude(status="confirmed").count() >= 7
    assert Booking.objects.filter(start__gt=now, status="confirmed").count() >= 7
    shopper = Booking.objects.filter(user__email="shopper@example.com")
    assert shopper.count() == 2
    assert all(booking.order_line_id for booking in shopper)
    # Paid by the demo method, as the demo checkout records it: nothing charged, all allocated.
    for booking in shopper.select_related("order_line__order"):
        order = booking.order_line.order
        (source,) = order.sources.all()
        assert source.source_type.code == "demo"
        assert source.amount_debited == order.total_incl_tax
        assert order.payment_events.get().event_type.code == "paid"
    assert {6, 12} <= set(ServiceBookingSettings.objects.values_list("capacity", flat=True))
    count = Booking.objects.count()
    call_command("seed_demo", domain="127.0.0.1:8000", verbosity=0, stdout=StringIO())
    assert Booking.objects.count() == count
