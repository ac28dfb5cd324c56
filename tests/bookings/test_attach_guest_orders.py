"""Guest orders and their bookings join the account that verifies their address."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.signals import user_signed_up
from django.urls import reverse
from oscar.core.loading import get_model

from accounts.guest_records import attach_guest_records
from bookings.models import Booking

from .conftest import book_and_pay, next_slot

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

GUEST = "sam@example.com"


@pytest.fixture
def guest_booking(client, service):
    booking = book_and_pay(client, service, next_slot(service, days_ahead=3), email=GUEST)
    client.cookies.clear()
    return booking


@pytest.fixture
def sam(user_factory):
    return user_factory(username="sam", email="Sam@Example.com")


def test_confirming_the_address_attaches_guest_orders_and_bookings(client, guest_booking, sam):
    address = EmailAddress.objects.create(user=sam, email=sam.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(address).key
    response = client.post(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 302
    guest_booking.refresh_from_db()
    order = guest_booking.order_line.order
    order.refresh_from_db()
    assert (order.user, guest_booking.user) == (sam, sam)
    client.force_login(sam)
    assert client.get(reverse("bookings:mine")).context["upcoming"] == [guest_booking]
    assert client.get(reverse("customer:order", args=[order.number])).status_code == 200


def test_a_sign_up_with_a_verified_address_attaches(guest_booking, sam):
    EmailAddress.objects.create(user=sam, email=sam.email, verified=True, primary=True)
    user_signed_up.send(sender=type(sam), request=None, user=sam)
    guest_booking.refresh_from_db()
    assert guest_booking.user == sam
    assert guest_booking.order_line.order.user == sam


def test_an_unverified_address_attaches_nothing(guest_booking, sam):
    EmailAddress.objects.create(user=sam, email=sam.email, verified=False, primary=True)
    user_signed_up.send(sender=type(sam), request=None, user=sam)
    assert attach_guest_records(sam, sam.email) == 0
    guest_booking.refresh_from_db()
    assert guest_booking.user is None
    assert guest_booking.order_line.order.user is None


def test_attaching_twice_changes_nothing_more(guest_booking, sam, user_factory):
    EmailAddress.objects.create(user=sam, email=sam.email, verified=True, primary=True)
    assert attach_guest_records(sam, sam.email) == 1
    guest_booking.refresh_from_db()
    first_update = guest_booking.updated
    assert attach_guest_records(sam, sam.email) == 0
    guest_booking.refresh_from_db()
    assert (guest_booking.user, guest_booking.updated) == (sam, first_update)
    assert Order.objects.filter(user=sam).count() == 1


def test_only_that_addresses_guest_orders_attach(client, service, guest_booking, sam):
    other = book_and_pay(client, service, next_slot(service, days_ahead=4), email="x@example.com")
    EmailAddress.objects.create(user=sam, email=sam.email, verified=True, primary=True)
    attach_guest_records(sam, sam.email)
    other.refresh_from_db()
    assert other.user is None and other.order_line.order.user is None
    assert Booking.objects.filter(user=sam).count() == 1
