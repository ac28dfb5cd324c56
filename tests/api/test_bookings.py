"""/api/v1/bookings/: the owner's and the email link's access, cancelling with the refund
stated, moving the time; anyone else's booking is 404."""

from datetime import timedelta

import pytest
from django.test import Client

from bookings.links import manage_token
from bookings.models import Booking
from tests.bookings.conftest import book_and_pay, next_slot

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest_booking(client, service):
    return book_and_pay(Client(), service, next_slot(service, days_ahead=3))


@pytest.fixture
def customer_booking(customer_client, service):
    return book_and_pay(customer_client, service, next_slot(service, days_ahead=3))


def url(booking, action=""):
    return f"{API}/bookings/{booking.reference}/{action}"


def test_the_owner_lists_and_reads_their_bookings(customer_client, customer_booking):
    listing = customer_client.get(f"{API}/bookings/").json()
    assert [row["reference"] for row in listing["results"]] == [str(customer_booking.reference)]
    detail = customer_client.get(url(customer_booking)).json()
    assert detail["status"] == "confirmed"
    assert detail["cancellation"]["changeable"] is True
    assert detail["cancellation"]["paid"] == "60.00"


def test_anyone_elses_booking_is_404_and_no_one_signed_in_is_401(customer_booking, user_factory):
    stranger = Client()
    assert stranger.get(f"{API}/bookings/").status_code == 401
    assert stranger.get(url(customer_booking)).status_code == 401
    stranger.force_login(user_factory())
    for response in (
        stranger.get(url(customer_booking)),
        stranger.post(url(customer_booking, "cancel/"), {}, "application/json"),
    ):
        assert response.status_code == 404
        error_shape(response)
    assert stranger.get(f"{API}/bookings/").json()["count"] == 0


def test_the_email_link_opens_the_guests_booking(client, guest_booking):
    token = manage_token(guest_booking)
    response = client.get(url(guest_booking), {"token": token})
    assert response.status_code == 200
    assert response.json()["reference"] == str(guest_booking.reference)
    refused = client.get(url(guest_booking), {"token": token[:-2] + "xx"})
    assert refused.status_code == 403
    error_shape(refused)


def test_cancelling_states_and_applies_the_policys_refund(client, guest_booking):
    token = manage_token(guest_booking)
    shown = client.get(url(guest_booking), {"token": token}).json()["cancellation"]
    wrong = client.post(
        url(guest_booking, f"cancel/?token={token}"),
        {"expected_refund": "0.01"},
        content_type="application/json",
    )
    assert wrong.status_code == 409
    assert "expected_refund" in error_shape(wrong)["errors"]
    response = client.post(
        url(guest_booking, f"cancel/?token={token}"),
        {"expected_refund": shown["refund_if_cancelled_now"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["refund"] == shown["refund_if_cancelled_now"]
    guest_booking.refresh_from_db()
    assert guest_booking.status == Booking.Status.CANCELLED
    again = client.post(url(guest_booking, f"cancel/?token={token}"), {}, "application/json")
    assert again.status_code == 409


def test_moving_to_another_free_time(customer_client, customer_booking):
    new_start = customer_booking.start + timedelta(hours=2)
    response = customer_client.post(
        url(customer_booking, "reschedule/"),
        {"start": new_start.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    customer_booking.refresh_from_db()
    assert customer_booking.start == new_start
    same = customer_client.post(
        url(customer_booking, "reschedule/"),
        {"start": new_start.isoformat()},
        content_type="application/json",
    )
    assert same.status_code == 409
    naive = customer_client.post(
        url(customer_booking, "reschedule/"),
        {"start": new_start.replace(tzinfo=None).isoformat()},
        content_type="application/json",
    )
    assert naive.status_code == 422
