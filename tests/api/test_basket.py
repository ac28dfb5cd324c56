"""/api/v1/basket/: the shop's and the bookings' rules hold through the API."""

from decimal import Decimal as D

import pytest
from django.test import Client

from bookings.models import Booking
from tests.bookings.conftest import next_slot

from .conftest import API, error_shape

pytestmark = pytest.mark.django_db

BASKET = f"{API}/basket/"


def add(client, product, quantity=1):
    return client.post(
        f"{BASKET}lines/",
        {"product_id": product.pk, "quantity": quantity},
        content_type="application/json",
    )


def hold(client, service, start):
    return client.post(
        f"{BASKET}holds/",
        {"service_id": service.pk, "start": start.isoformat()},
        content_type="application/json",
    )


def test_an_anonymous_basket_lives_in_its_session(client, product):
    response = add(client, product, 2)
    assert response.status_code == 201, response.json()
    basket = client.get(BASKET).json()
    assert [(line["product_id"], line["quantity"]) for line in basket["lines"]] == [(product.pk, 2)]
    totals = basket["totals"]
    parts = [D(row["amount"]) for row in totals["items"]] + [D(totals["delivery"]["amount"])]
    assert sum(parts) == D(totals["total"])  # with tax: the rows add up to the total
    assert basket["shipping_methods"]
    assert Client().get(BASKET).json()["lines"] == []  # another shopper's basket is their own


def test_more_than_in_stock_is_refused_as_the_basket_page_refuses(client, product):
    response = add(client, product, 11)
    assert response.status_code == 422
    assert error_shape(response)["errors"]["__all__"]
    line_id = add(client, product, 1).json()["lines"][0]["id"]
    changed = client.patch(
        f"{BASKET}lines/{line_id}/", {"quantity": 11}, content_type="application/json"
    )
    assert changed.status_code == 422
    error_shape(changed)


def test_a_service_needs_a_held_time(client, service):
    response = add(client, service)
    assert response.status_code == 422
    (message,) = error_shape(response)["errors"]["__all__"]
    assert "choose a time" in message  # the shop's own rule, as on the product page
    assert client.get(BASKET).json()["lines"] == []


def test_holding_a_time_puts_the_service_in_the_basket_held(client, service):
    start = next_slot(service)
    response = hold(client, service, start)
    assert response.status_code == 201, response.json()
    (line,) = response.json()["lines"]
    booking = Booking.objects.get(service=service, start=start)
    assert booking.status == Booking.Status.HELD
    assert line["held_time"]["reference"] == str(booking.reference)
    assert response.json()["shipping_required"] is False


def test_a_taken_time_is_409(client, service):
    start = next_slot(service)
    assert hold(client, service, start).status_code == 201
    other = Client()
    for _ in range(20):  # whatever the capacity, the time fills up and is then refused
        response = hold(Client(), service, start)
        if response.status_code != 201:
            break
    assert response.status_code == 409
    assert error_shape(response)["errors"]["start"]
    assert other.get(BASKET).json()["lines"] == []


def test_removing_a_line_releases_its_hold(client, service):
    start = next_slot(service)
    line_id = hold(client, service, start).json()["lines"][0]["id"]
    response = client.delete(f"{BASKET}lines/{line_id}/")
    assert response.status_code == 200
    assert response.json()["lines"] == []
    assert not Booking.objects.filter(service=service, status=Booking.Status.HELD).exists()


def test_another_shoppers_line_is_404(client, product):
    line_id = add(client, product).json()["lines"][0]["id"]
    stranger = Client()
    add(stranger, product)
    for response in (
        stranger.delete(f"{BASKET}lines/{line_id}/"),
        stranger.patch(f"{BASKET}lines/{line_id}/", {"quantity": 2}, "application/json"),
    ):
        assert response.status_code == 404
        error_shape(response)
    assert client.get(BASKET).json()["lines"][0]["quantity"] == 1


def test_session_writes_need_the_csrf_token(product):
    browser = Client(enforce_csrf_checks=True)
    response = add(browser, product)
    assert response.status_code == 403
    error_shape(response)
    token = browser.get(f"{API}/session/").json()["csrf_token"]
    response = browser.post(
        f"{BASKET}lines/",
        {"product_id": product.pk},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_holds_are_rate_limited_as_on_the_site(client, service, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking_hold": "1/h"}
    start = next_slot(service)
    assert hold(client, service, start).status_code == 201
    response = hold(client, service, start)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
