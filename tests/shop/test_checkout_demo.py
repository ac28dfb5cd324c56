"""Guest checkout with the demo payment method (no Stripe keys)."""

from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from tests.shop.conftest import ADDRESS, add_to_basket, give_booker_details, start_guest_checkout

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def place_order(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def test_guest_buys_with_the_demo_payment(
    client, product, second_product, django_capture_on_commit_callbacks
):
    start_guest_checkout(client, product, second_product)
    preview = client.get(reverse("checkout:preview"))
    assert "Demo payment – no charge" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = place_order(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.guest_email == "guest@example.com"
    assert order.status == "Paid"
    # 18.00 excl. tax + 20% = 21.60, plus standard delivery under the free threshold.
    assert order.basket_total_incl_tax == D("21.60")
    assert order.shipping_incl_tax == D("4.95")
    assert order.total_incl_tax == D("26.55")
    source = order.sources.get()
    assert source.source_type.name == "Demo payment – no charge"
    assert source.amount_debited == order.total_incl_tax
    assert [e.event_type.name for e in order.payment_events.all()] == ["Paid"]
    assert client.get(reverse("checkout:thank-you")).status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["guest@example.com"]
    assert order.number in mail.outbox[0].subject + mail.outbox[0].body


def test_stock_is_allocated_when_the_order_is_placed(client, product):
    start_guest_checkout(client, product)
    place_order(client)
    product.stockrecords.get().refresh_from_db()
    assert product.stockrecords.get().num_allocated == 1


def test_free_delivery_over_the_threshold(client, countries):
    from oscar.test.factories import create_product

    pricey = create_product(title="Wool Throw", price=D("60.00"), num_in_stock=3)
    start_guest_checkout(client, pricey)
    place_order(client)
    order = Order.objects.get()
    assert order.shipping_incl_tax == D("0.00")
    assert order.shipping_code == "free"


def test_products_without_shipping_need_no_delivery_address(client, countries):
    # Venue services are booked with a time (tests/bookings); any class without
    # shipping takes the same short route through checkout.
    from oscar.test.factories import create_product

    service_class, _ = get_model("catalogue", "ProductClass").objects.update_or_create(
        slug="gift-experience",
        defaults={"name": "Gift experience", "requires_shipping": False, "track_stock": False},
    )
    massage = create_product(title="Massage", price=D("50.00"), product_class=service_class)
    add_to_basket(client, massage)
    response = client.post(
        reverse("checkout:index"),
        {"username": "guest@example.com", "options": "anonymous"},
        follow=True,
    )
    # An appointment asks who is coming first.
    assert response.redirect_chain[-1][0] == reverse("checkout:booker-details")
    response = give_booker_details(client)
    # Nothing to ship: address and delivery steps are skipped straight to the preview.
    assert response.redirect_chain[-1][0] == reverse("checkout:preview")
    place_order(client)
    order = Order.objects.get()
    assert order.shipping_address is None
    assert order.total_incl_tax == D("60.00")


def test_bad_guest_email_shows_a_field_error(client, product):
    add_to_basket(client, product)
    response = client.post(
        reverse("checkout:index"), {"username": "not-an-email", "options": "anonymous"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_incomplete_address_shows_field_errors(client, product):
    add_to_basket(client, product)
    client.post(
        reverse("checkout:index"), {"username": "guest@example.com", "options": "anonymous"}
    )
    response = client.post(
        reverse("checkout:shipping-address"), ADDRESS | {"postcode": "", "line1": ""}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "line1" in errors and "postcode" in errors


def test_invalid_postcode_is_rejected(client, product):
    add_to_basket(client, product)
    client.post(
        reverse("checkout:index"), {"username": "guest@example.com", "options": "anonymous"}
    )
    response = client.post(reverse("checkout:shipping-address"), ADDRESS | {"postcode": "XYZ"})
    assert response.status_code == 200
    assert "postcode" in response.context["form"].errors


def test_order_fails_cleanly_when_stock_ran_out_meanwhile(client, product):
    start_guest_checkout(client, product)
    product.stockrecords.update(num_in_stock=0)
    response = place_order(client)
    assert Order.objects.count() == 0
    assert response.status_code in (200, 302)
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 1
