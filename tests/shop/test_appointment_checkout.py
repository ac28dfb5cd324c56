"""Checkout for appointments: who is coming, no parcel steps, a summary beside every step.

A venue service is booked for a time and never shipped: its checkout asks the booker's name and
phone instead of an address, shows only the steps that apply, and its emails greet the booker.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.bookings.conftest import (  # noqa: F401 (fixtures used by name)
    book_and_pay,
    hold,
    make_service,
    next_slot,
    open_venue,  # noqa: F811 (the fixture imported above)
    place_order,
)
from tests.shop.conftest import ADDRESS, BOOKER, add_to_basket, give_booker_details
from tests.venues.conftest import (  # noqa: F401 (fixtures used by name)
    category,
    make_venue,
    provider_of,
    venue_index,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

SHIPPING_URLS = ["checkout:shipping-address", "checkout:shipping-method", "checkout:payment-method"]


@pytest.fixture
def massage(open_venue, make_service):  # noqa: F811 (the fixtures imported above)
    return make_service(open_venue, title="Deep Tissue Massage", price="50.00")


@pytest.fixture
def candle(countries):
    return create_product(title="Beeswax Candle", price=Decimal("10.00"), num_in_stock=10)


def book(client, massage):
    hold(client, massage, next_slot(massage))


def as_guest(client, email="ann@example.com"):
    return client.post(
        reverse("checkout:index"), {"username": email, "options": "anonymous"}, follow=True
    )


def step_labels(response):
    return [step["label"] for step in response.context["checkout_steps"]]


# Service-only baskets never see a shipping step
# ----------------------------------------------


def test_the_gateway_leads_an_appointment_to_your_details(client, massage):
    book(client, massage)
    response = as_guest(client)
    assert response.redirect_chain[-1][0] == reverse("checkout:booker-details")
    assert step_labels(response) == ["Your details", "Review and pay"]
    states = [step["state"] for step in response.context["checkout_steps"]]
    assert states == ["current", "todo"]
    html = response.content.decode()
    assert "Delivery address" not in html and "Shipping address" not in html


def test_service_only_basket_is_sent_past_every_shipping_url(client, massage):
    book(client, massage)
    as_guest(client)
    give_booker_details(client)
    for name in SHIPPING_URLS:
        response = client.get(reverse(name), follow=True)
        assert response.redirect_chain, name  # never rendered
        assert response.redirect_chain[-1][0] == reverse("checkout:preview"), name
    preview = client.get(reverse("checkout:preview"))
    html = preview.content.decode()
    assert step_labels(preview) == ["Your details", "Review and pay"]
    assert "No shipping required" not in html
    assert "Ann Lee" in html and "+447911123456" in html


def test_shipping_urls_before_your_details_lead_to_your_details(client, massage):
    book(client, massage)
    as_guest(client)
    response = client.get(reverse("checkout:shipping-address"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:booker-details")
    response = client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:booker-details")
    assert Order.objects.count() == 0


def test_a_basket_that_ships_nothing_and_books_nothing_skips_your_details(client, countries):
    ticket_class = get_model("catalogue", "ProductClass").objects.create(
        name="E-ticket", requires_shipping=True, track_stock=False
    )
    ticket = create_product(title="Gift card", price=Decimal("5.00"), product_class=ticket_class)
    add_to_basket(client, ticket)
    response = as_guest(client)
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")
    assert step_labels(response) == ["Delivery address", "Delivery method", "Review and pay"]


# Mixed baskets ship the physical items only
# ------------------------------------------


def test_mixed_basket_asks_shipping_for_the_physical_items(client, massage, candle):
    book(client, massage)
    add_to_basket(client, candle)
    as_guest(client)
    response = give_booker_details(client)
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")
    assert step_labels(response) == [
        "Your details",
        "Delivery address",
        "Delivery method",
        "Review and pay",
    ]
    shipped = response.content.decode().split("data-shipped-items", 1)[1].split("</div>", 1)[0]
    assert "Beeswax Candle" in shipped and "Deep Tissue Massage" not in shipped
    response = client.post(reverse("checkout:shipping-address"), ADDRESS, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:preview")
    assert place_order(client).status_code == 302
    order = Order.objects.get()
    assert order.shipping_address.postcode == "BS1 4DJ"
    assert order.booker_name == "Ann Lee"


# The booker's name and phone
# ---------------------------


@pytest.mark.parametrize(
    "details, field",
    [
        ({"name": "", "phone": "07911 123456"}, "name"),
        ({"name": "   ", "phone": "07911 123456"}, "name"),
        ({"name": "Ann Lee", "phone": ""}, "phone"),
        ({"name": "Ann Lee", "phone": "12"}, "phone"),
        ({"name": "Ann Lee", "phone": "not a number"}, "phone"),
        ({"name": "Ann Lee", "phone": "+1 555"}, "phone"),
    ],
)
def test_booker_details_are_validated(client, massage, details, field):
    book(client, massage)
    as_guest(client)
    response = client.post(reverse("checkout:booker-details"), details)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_booker_details_are_stored_on_the_order_and_shown_to_the_provider(
    client,
    open_venue,  # noqa: F811 (the fixture imported above)
    massage,
    provider_of,  # noqa: F811 (the fixtures imported above)
):
    start = next_slot(massage)
    booking = book_and_pay(Client(), massage, start, email="ann@example.com")
    order = Order.objects.get()
    assert order.booker_name == "Ann Lee"
    assert str(order.booker_phone) == "+447911123456"

    client.force_login(provider_of(open_venue, "provider"))
    detail = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))
    html = detail.content.decode()
    assert "Ann Lee" in html and "+447911123456" in html

    day = timezone.localtime(start, open_venue.zone).date()
    calendar = client.get(reverse("venue_bookings_calendar"), {"view": "day", "date": day})
    html = calendar.content.decode()
    row = html.split(f'data-booking="{booking.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Ann Lee" in row and "+447911123456" in row


def test_dashboard_order_lines_read_as_bookings_for_staff_and_provider(
    client,
    open_venue,  # noqa: F811 (the fixture imported above)
    massage,
    provider_of,  # noqa: F811 (the fixtures imported above)
    admin_user,
    django_assert_max_num_queries,
):
    booking = book_and_pay(Client(), massage, next_slot(massage), email="ann@example.com")
    order = Order.objects.get()
    start, end = booking.local_start, booking.local_end
    readable = (
        f"Deep Tissue Massage at Tidewater Spa, {start:%a} {start.day} {start:%b %Y}, "
        f"{start:%H:%M}–{end:%H:%M} (1 h)"
    )
    page = reverse("dashboard:order-detail", kwargs={"number": order.number})
    for user in (admin_user, provider_of(open_venue, "provider")):
        client.force_login(user)
        html = client.get(page).content.decode()
        assert readable in html, user
        assert "Time = " not in html  # never the raw option text
    client.force_login(admin_user)
    with django_assert_max_num_queries(80):
        assert client.get(page).status_code == 200


def test_signed_in_customer_starts_with_their_own_name(client, massage, user_factory):
    customer = user_factory(username="cora", email="cora@example.com")
    customer.first_name, customer.last_name = "Cora", "Hale"
    customer.save()
    client.force_login(customer)
    book(client, massage)
    response = client.get(reverse("checkout:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:booker-details")
    assert response.context["form"].initial["name"] == "Cora Hale"


# Emails
# ------


def test_order_email_greets_the_booker_and_shows_the_appointment(
    client, massage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book_and_pay(client, massage, next_slot(massage), email="ann@example.com")
    placed = [m for m in mail.outbox if Order.objects.get().number in m.subject]
    message = placed[0]
    html = message.alternatives[0][0] if message.alternatives else ""
    for body in (message.body, html):
        assert "Hello Ann," in body
        assert "Hello," not in body
        assert "Shipping address" not in body
        assert "No shipping required" not in body and "Delivery" not in body
        assert "Tidewater Spa" in body  # the venue, with the booked time
    # The booked day and time, as every booking line reads (service, venue, day, time).
    booked = Order.objects.get().lines.get().booking
    start, end = booked.local_start, booked.local_end
    assert f"{start:%a} {start.day} {start:%b %Y}" in message.body
    assert f"{start:%H:%M}–{end:%H:%M}" in message.body


def test_order_email_with_a_parcel_keeps_its_address(
    client, candle, django_capture_on_commit_callbacks
):
    add_to_basket(client, candle)
    as_guest(client)
    client.post(reverse("checkout:shipping-address"), ADDRESS, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        place_order(client)
    body = mail.outbox[-1].body
    assert "Hello Ann," in body  # from the delivery address
    assert "Shipping address:" in body and "BS1 4DJ" in body


# The order summary beside every step
# -----------------------------------


def test_order_summary_beside_every_step(client, massage, candle):
    book(client, massage)
    add_to_basket(client, candle)
    pages = [as_guest(client)]
    pages.append(give_booker_details(client))
    pages.append(client.post(reverse("checkout:shipping-address"), ADDRESS, follow=True))
    gateway = client.get(reverse("checkout:index"))  # the gateway itself, for a guest
    assert {step["state"] for step in gateway.context["checkout_steps"]} == {"todo"}
    pages.append(gateway)
    for page in pages:
        html = page.content.decode()
        summary = html.split("data-order-summary", 1)[1].split("</aside>", 1)[0]
        assert "Deep Tissue Massage" in summary and "Beeswax Candle" in summary
        assert "data-price-breakdown" in summary


# Guest order status
# ------------------


def test_thank_you_links_a_guest_to_the_order_without_retyping_the_email(client, massage):
    book_and_pay(client, massage, next_slot(massage), email="ann@example.com")
    order = Order.objects.get()
    thanks = client.get(reverse("checkout:thank-you")).content.decode()
    url = reverse(
        "customer:anon-order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
    assert url in thanks
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ann Lee" in html and "Shipping address" not in html


def test_the_order_link_in_another_browser_asks_for_the_email_on_a_styled_form(client, massage):
    book_and_pay(Client(), massage, next_slot(massage), email="ann@example.com")
    order = Order.objects.get()
    kwargs = {"order_number": order.number, "hash": order.verification_hash()}
    response = client.get(reverse("customer:anon-order", kwargs=kwargs), follow=True)
    assert response.redirect_chain[-1][0] == reverse("customer:anon-order-form", kwargs=kwargs)
    assert "Show my order" in response.content.decode()
    wrong = client.post(reverse("customer:anon-order-form", kwargs=kwargs), {"email": "x@y.z"})
    assert wrong.status_code == 200
    right = client.post(
        reverse("customer:anon-order-form", kwargs=kwargs), {"email": "ann@example.com"}
    )
    assert right["Location"] == reverse("customer:anon-order", kwargs=kwargs)


# UK addresses
# ------------


def test_address_labels_are_british(client, candle):
    add_to_basket(client, candle)
    as_guest(client)
    response = client.get(reverse("checkout:shipping-address"))
    form = response.context["form"]
    assert form.fields["postcode"].label == "Postcode"
    assert form.fields["state"].label == "County"
    assert form.fields["line4"].label == "Town or city"
    html = response.content.decode()
    assert "State/County" not in html and "Post/Zip-code" not in html


def test_stripe_snapshot_keeps_the_booker(rf):
    from django.contrib.auth.models import AnonymousUser

    from shop.checkout.placement import snapshot_checkout

    submission = {
        "shipping_address": None,
        "shipping_method": None,
        "user": AnonymousUser(),
        "order_kwargs": {
            "guest_email": "ann@example.com",
            "booker_name": BOOKER["name"],
            "booker_phone": "+447911123456",
        },
    }
    checkout = snapshot_checkout(submission)
    assert checkout["booker_name"] == "Ann Lee"
    assert checkout["booker_phone"] == "+447911123456"
