"""A customer's bookings in their data export, and what account deletion does to them."""

import io
import json
import zipfile

from accounts import personal_data
from bookings.models import Booking

from .conftest import book_and_pay, next_slot


def exported(user, name):
    archive = zipfile.ZipFile(io.BytesIO(personal_data.build_zip(user)))
    return json.loads(archive.read(f"{name}.json"))


def test_the_export_lists_the_customers_bookings(customer_client, customer, service):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    (row,) = exported(customer, "bookings")
    assert row["reference"] == str(booking.reference)
    assert (row["service"], row["status"]) == ("Deep Tissue Massage", "confirmed")
    assert row["start"] == booking.start.isoformat()
    assert row["order_number"] == booking.order_line.order.number


def test_deleting_the_account_cancels_upcoming_bookings_and_forgets_the_person(
    customer_client, customer, service, django_capture_on_commit_callbacks
):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase_account(customer)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.refunded_amount > 0  # inside the free window: the venue's policy refunds
    assert (booking.user, booking.email) == (None, "")
