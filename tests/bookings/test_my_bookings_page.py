"""My bookings: each booking links to its venue, service, order and own page, with its price."""

import pytest
from django.urls import reverse

from .conftest import book_and_pay, next_slot

pytestmark = pytest.mark.django_db


def test_each_booking_links_to_venue_service_order_and_price(customer_client, service):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    text = customer_client.get(reverse("bookings:mine")).content.decode()
    order = booking.order_line.order
    assert booking.venue.url in text
    assert service.get_absolute_url() in text
    assert reverse("customer:order", kwargs={"order_number": order.number}) in text
    assert reverse("bookings:detail", kwargs={"reference": booking.reference}) in text
    assert "£60.00" in text


def test_cancel_in_my_bookings_is_a_link_to_a_confirmation(customer_client, service):
    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    text = customer_client.get(reverse("bookings:mine")).content.decode()
    cancel_url = reverse("bookings:cancel", kwargs={"reference": booking.reference})
    assert f'href="{cancel_url}"' in text
    assert f'action="{cancel_url}"' not in text  # no one-click form


def test_no_bookings_links_to_the_venues(customer_client, service):
    response = customer_client.get(reverse("bookings:mine"))
    assert response.context["upcoming_rows"] == []
    assert 'href="/' in response.content.decode().split("No upcoming bookings.")[1][:80]
    assert "Find a venue" in response.content.decode()


def test_an_owners_booking_pages_sit_in_the_account_area_and_a_links_do_not(
    customer_client, client, service
):
    from bookings.links import manage_path

    booking = book_and_pay(customer_client, service, next_slot(service, days_ahead=3))
    for name in ("detail", "cancel", "reschedule"):
        url = reverse(f"bookings:{name}", kwargs={"reference": booking.reference})
        html = customer_client.get(url).content.decode()
        assert 'data-account-nav="bookings" aria-current="page"' in html, name
    customer_client.logout()
    guest_page = client.get(manage_path(booking))
    assert guest_page.status_code == 200
    assert "data-account-nav" not in guest_page.content.decode()  # no account for a link
