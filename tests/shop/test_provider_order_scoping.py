"""Venue providers in Oscar's order dashboard: their own lines only, and only what they may do.

One order holds provider A's booked massage and the shop's parcel, delivered to an address.
Provider A sees their line, its total, the customer's name and phone and the appointment; never
the address, the email, the parcel, the payment or the notes, and changes only their own lines.
Staff still see and do everything.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.bookings.conftest import (  # noqa: F401 (fixtures used by name)
    hold,
    make_service,
    next_slot,
    open_venue,
    place_order,
)
from tests.shop.conftest import ADDRESS, add_to_basket, give_booker_details, start_guest_checkout
from tests.venues.conftest import (  # noqa: F401 (fixtures used by name)
    category,
    make_venue,
    provider_of,
    venue_index,
)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEventType = get_model("order", "PaymentEventType")
ShippingAddress = get_model("order", "ShippingAddress")
ShippingEventType = get_model("order", "ShippingEventType")

pytestmark = pytest.mark.django_db

EMAIL = "ann.lee@example.com"
PHONE = "+441174960123"
STAFF_NOTE = "Courier collects the parcel on Tuesday"


# Setting the scene
# -----------------


@dataclass
class Venue:
    page: object
    massage: object
    provider: object


@pytest.fixture
def venue_a(open_venue, make_service, provider_of):  # noqa: F811 (the fixtures imported above)
    """Provider A's venue, its massage, and provider A."""
    massage = make_service(open_venue, title="Deep Tissue Massage", price="50.00")
    return Venue(open_venue, massage, provider_of(open_venue, "provider_a"))


@pytest.fixture
def massage(venue_a):
    return venue_a.massage


@pytest.fixture
def parcel(countries):
    return create_product(
        title="Beeswax Candle",
        partner_name="Harbour Shop Warehouse",
        partner_sku="CANDLE-1",
        price=Decimal("10.00"),
        num_in_stock=10,
    )


def buy(massage, parcel=None, email=EMAIL):
    """A guest books the massage (and buys the parcel, delivered) and pays: the order."""
    shopper = Client()
    hold(shopper, massage, next_slot(massage))
    if parcel is not None:
        add_to_basket(shopper, parcel)
    # Following the redirects walks the delivery and payment steps on to the preview.
    shopper.post(
        reverse("checkout:index"), {"username": email, "options": "anonymous"}, follow=True
    )
    give_booker_details(shopper, name="Ann Lee", phone=PHONE)  # who comes to the massage
    if parcel is not None:
        address = ADDRESS | {"phone_number": PHONE}
        shopper.post(reverse("checkout:shipping-address"), address, follow=True)
    assert place_order(shopper).status_code == 302
    return Order.objects.latest("id")


def buy_parcel_only(parcel):
    """Another guest's order holding none of provider A's lines."""
    shopper = Client()
    start_guest_checkout(shopper, parcel, email="bo@example.com")
    assert place_order(shopper).status_code == 302
    return Order.objects.latest("id")


@pytest.fixture
def order(massage, parcel):
    return buy(massage, parcel)


@pytest.fixture
def own_line(order, massage):
    return order.lines.get(product=massage)


@pytest.fixture
def parcel_line(order, parcel):
    return order.lines.get(product=parcel)


@pytest.fixture
def staff(user_factory, home_page):
    return user_factory(username="shopstaff", roles=["Shop staff"])


@pytest.fixture
def staff_note(order, staff):
    return OrderNote.objects.create(order=order, user=staff, message=STAFF_NOTE)


@pytest.fixture
def provider_client(client, venue_a, order, staff_note):
    client.force_login(venue_a.provider)
    return client


@pytest.fixture
def staff_client(staff, order, staff_note):
    staff_client = Client()
    staff_client.force_login(staff)
    return staff_client


def private_details(order):
    """What provider A must never be shown of this order."""
    details = [EMAIL, ADDRESS["line1"], ADDRESS["postcode"], "Beeswax Candle", "CANDLE-1"]
    details += ["Harbour Shop Warehouse", STAFF_NOTE, f"{order.total_incl_tax}"]
    details += [source.reference for source in order.sources.all() if source.reference]
    return details


def assert_private_details_hidden(response, order):
    body = response.content.decode()
    shown = [detail for detail in private_details(order) if detail in body]
    assert not shown, f"{response.request['PATH_INFO']} shows {shown}"


def detail_url(order):
    return reverse("dashboard:order-detail", args=[order.number])


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def line_action(client, order, action, lines, **fields):
    """POST the detail page's line form, as the page sends it."""
    data = {"line_action": action, "selected_line": [line.pk for line in lines], "reference": ""}
    data |= {f"selected_line_qty_{line.pk}": line.quantity for line in lines}
    return client.post(detail_url(order), data | fields)


# What a provider sees
# --------------------


def test_the_list_shows_their_share_of_the_order(provider_client, order, own_line, parcel):
    other_partners_order = buy_parcel_only(parcel)
    response = provider_client.get(reverse("dashboard:order-list"))
    assert response.status_code == 200
    [share] = response.context["provider_orders"]
    assert share.number == order.number
    assert share.lines == [own_line]
    assert share.total_incl_tax == own_line.line_price_incl_tax == Decimal("60.00")
    assert share.num_items == 1
    assert share.customer_name == "Ann Lee"
    body = response.content.decode()
    assert order.number in body and "£60.00" in body
    assert other_partners_order.number not in body
    assert_private_details_hidden(response, order)


def test_another_partners_order_is_not_found(provider_client, parcel):
    other = buy_parcel_only(parcel)
    assert provider_client.get(detail_url(other)).status_code == 404
    search = provider_client.get(reverse("dashboard:order-list"), {"order_number": other.number})
    assert search.context["provider_orders"] == []


def test_searching_by_product_matches_only_their_own_lines(provider_client, order):
    listing = reverse("dashboard:order-list")
    by_massage = provider_client.get(listing, {"product_title": "Deep Tissue"})
    assert [share.number for share in by_massage.context["provider_orders"]] == [order.number]
    # The order holds a candle, but not one of theirs: searching for it must not find the order.
    by_candle = provider_client.get(listing, {"product_title": "Beeswax"})
    assert by_candle.context["provider_orders"] == []
    assert "voucher" not in by_massage.context["form"].fields
    # Sorting by total sorts by their items' totals, not by what the whole orders cost.
    by_total = provider_client.get(listing, {"sort": "total_incl_tax", "dir": "desc"})
    assert [share.number for share in by_total.context["provider_orders"]] == [order.number]


def test_the_detail_shows_their_lines_the_customer_and_the_appointment(
    provider_client, order, own_line
):
    response = provider_client.get(detail_url(order))
    assert response.status_code == 200
    assert list(response.context["lines"]) == [own_line]
    body = response.content.decode()
    booking = own_line.booking
    assert f"{booking.local_start:%H:%M}–{booking.local_end:%H:%M}" in body
    assert "Deep Tissue Massage" in body and "Ann Lee" in body and PHONE in body
    assert "£60.00" in body
    for staff_section in ("Payment sources", "Discounts", "Notes", "Change order status"):
        assert staff_section not in body
    assert_private_details_hidden(response, order)


def test_line_detail_opens_their_own_line_only(provider_client, order, own_line, parcel_line):
    own = reverse("dashboard:order-line-detail", args=[order.number, own_line.pk])
    other = reverse("dashboard:order-line-detail", args=[order.number, parcel_line.pk])
    response = provider_client.get(own)
    assert response.status_code == 200
    assert_private_details_hidden(response, order)
    assert provider_client.get(other).status_code == 404


def test_statistics_count_their_lines_only(provider_client, order, own_line):
    response = provider_client.get(reverse("dashboard:order-stats"))
    assert response.status_code == 200
    assert response.context["total_orders"] == 1
    assert response.context["total_lines"] == 1
    assert response.context["total_revenue"] == own_line.line_price_incl_tax
    assert [row["status"] for row in response.context["order_status_breakdown"]] == ["Paid"]
    assert_private_details_hidden(response, order)


def test_the_csv_export_holds_their_share_only(provider_client, order):
    response = provider_client.get(reverse("dashboard:order-list"), {"response_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Customer email address" not in header
    assert rows == [[order.number, "60.00", rows[0][2], "1", "Paid", "Ann Lee"]]
    assert_private_details_hidden(response, order)


def test_the_dashboard_home_counts_their_lines_money_only(provider_client, order, own_line):
    response = provider_client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert response.context["total_revenue"] == own_line.line_price_incl_tax
    assert response.context["total_revenue_last_day"] == own_line.line_price_incl_tax
    assert response.context["average_order_costs"] == own_line.line_price_incl_tax
    chart = response.context["hourly_report_dict"]["order_total_hourly"]
    assert sum(hour["total_incl_tax"] for hour in chart) == own_line.line_price_incl_tax
    assert_private_details_hidden(response, order)


# What a provider may not do
# --------------------------


def test_the_delivery_address_page_is_refused(provider_client, order):
    url = reverse("dashboard:order-shipping-address", args=[order.number])
    assert provider_client.get(url).status_code == 403
    assert provider_client.post(url, ADDRESS | {"line1": "9 Elsewhere"}).status_code == 403
    assert ShippingAddress.objects.get(order=order).line1 == ADDRESS["line1"]


def test_notes_are_refused(provider_client, order, staff_note):
    note_page = reverse("dashboard:order-detail-note", args=[order.number, staff_note.pk])
    assert provider_client.get(note_page).status_code == 403
    saved = provider_client.post(
        detail_url(order), {"order_action": "save_note", "message": "Hello"}
    )
    deleted = provider_client.post(
        detail_url(order), {"order_action": "delete_note", "note_id": staff_note.pk}
    )
    assert (saved.status_code, deleted.status_code) == (403, 403)
    assert list(order.notes.values_list("message", flat=True)) == [STAFF_NOTE]


@pytest.mark.parametrize(
    "fields",
    [
        {"order_action": "change_order_status", "new_status": "Cancelled"},
        {"order_action": "create_order_payment_event", "amount": "60.00"},
        {"order_action": "no_such_action"},
    ],
)
def test_order_actions_are_refused(provider_client, order, fields):
    PaymentEventType.objects.get_or_create(code="refunded", defaults={"name": "Refunded"})
    events_before = order.payment_events.count()
    response = provider_client.post(detail_url(order), fields | {"payment_event_type": "refunded"})
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == "Paid"
    assert order.payment_events.count() == events_before


@pytest.mark.parametrize("action", ["change_order_statuses", "download_selected_orders"])
def test_bulk_list_actions_are_refused(provider_client, order, action):
    response = provider_client.post(
        reverse("dashboard:order-list"),
        {"action": action, "selected_order": [order.pk], "new_status": "Cancelled"},
    )
    assert response.status_code == 403
    assert "Ann Lee" not in response.content.decode()
    order.refresh_from_db()
    assert order.status == "Paid"


@pytest.mark.parametrize("new_status", ["Processing", "Completed"])
def test_they_may_move_their_own_line_on(provider_client, order, own_line, new_status):
    response = line_action(
        provider_client, order, "change_line_statuses", [own_line], new_status=new_status
    )
    assert response.status_code == 302
    own_line.refresh_from_db()
    assert own_line.status == new_status
    # The event handler made the change and noted it.
    assert order.notes.filter(message__contains=f"to '{new_status}'").exists()


@pytest.mark.parametrize("new_status", ["Cancelled", "Refunded", "Shipped"])
def test_statuses_that_are_the_shops_are_refused(provider_client, order, own_line, new_status):
    response = line_action(
        provider_client, order, "change_line_statuses", [own_line], new_status=new_status
    )
    assert response.status_code == 302
    assert any("cancellations and refunds" in text for text in message_texts(response))
    own_line.refresh_from_db()
    assert own_line.status == "Paid"
    assert own_line.booking.status == "confirmed"
    assert not order.payment_events.filter(event_type__code="refunded").exists()


@pytest.mark.parametrize("action", ["change_line_statuses", "create_shipping_event"])
def test_another_partners_line_is_refused(provider_client, order, own_line, parcel_line, action):
    ShippingEventType.objects.create(code="shipped", name="Shipped")
    for lines in ([parcel_line], [own_line, parcel_line]):
        response = line_action(
            provider_client,
            order,
            action,
            lines,
            new_status="Processing",
            shipping_event_type="shipped",
        )
        assert response.status_code == 302
        assert "Invalid lines requested" in message_texts(response)
    parcel_line.refresh_from_db()
    own_line.refresh_from_db()
    assert (parcel_line.status, own_line.status) == ("Paid", "Paid")
    assert not order.shipping_events.exists()


def test_payment_events_are_refused_even_on_their_own_line(provider_client, order, own_line):
    PaymentEventType.objects.get_or_create(code="refunded", defaults={"name": "Refunded"})
    events_before = order.payment_events.count()
    response = line_action(
        provider_client,
        order,
        "create_payment_event",
        [own_line],
        payment_event_type="refunded",
        amount="60.00",
    )
    assert response.status_code == 403
    assert order.payment_events.count() == events_before


def test_they_may_record_a_shipping_event_on_their_own_line(provider_client, order, own_line):
    ShippingEventType.objects.create(code="arrived", name="Customer arrived")
    response = line_action(
        provider_client, order, "create_shipping_event", [own_line], shipping_event_type="arrived"
    )
    assert response.status_code == 302
    assert "Shipping event created" in message_texts(response)
    assert order.shipping_events.get().lines.get() == own_line


def test_a_shipping_event_cannot_set_a_status_that_is_the_shops(provider_client, order, own_line):
    """A dispatch marks its lines Shipped, which providers may not set: it is undone."""
    ShippingEventType.objects.create(code="shipped", name="Shipped")
    response = line_action(
        provider_client, order, "create_shipping_event", [own_line], shipping_event_type="shipped"
    )
    assert response.status_code == 302
    assert any("only the shop may do" in text for text in message_texts(response))
    own_line.refresh_from_db()
    assert own_line.status == "Paid"
    assert not order.shipping_events.exists()


# Query budgets
# -------------


def count_queries(client, url, data=None):
    client.get(url, data)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.alone  # query counts and limits other workers' traffic upsets (pyproject)
def test_list_csv_and_detail_cost_the_same_for_more_orders(provider_client, order, massage):
    listing = reverse("dashboard:order-list")

    def counts():
        # Each page once before counting: what a first request caches is not per order.
        warm = [(listing, {}), (listing, {"response_format": "csv"})]
        for path, data in warm:
            provider_client.get(path, data)
        return [count_queries(provider_client, path, data) for path, data in warm]

    one = counts()
    detail = count_queries(provider_client, detail_url(order))
    for _ in range(3):
        buy(massage, email="someone@example.com")
    assert counts() == one
    assert detail <= 25


# Staff, as before
# ----------------


def test_staff_see_whole_orders(staff_client, order, own_line, parcel_line):
    listing = staff_client.get(reverse("dashboard:order-list"))
    assert listing.status_code == 200
    assert EMAIL in listing.content.decode()
    detail = staff_client.get(detail_url(order))
    body = detail.content.decode()
    assert set(detail.context["lines"]) == {own_line, parcel_line}
    assert EMAIL in body and ADDRESS["line1"] in body and STAFF_NOTE in body
    assert "Payment sources" in body and "Refund" in body
    stats = staff_client.get(reverse("dashboard:order-stats"))
    assert stats.context["total_revenue"] == order.total_incl_tax
    home = staff_client.get(reverse("dashboard:index"))
    assert home.context["total_revenue"] == order.total_incl_tax
    csv_export = staff_client.get(reverse("dashboard:order-list"), {"response_format": "csv"})
    assert EMAIL in csv_export.content.decode()
    parcel_detail = reverse("dashboard:order-line-detail", args=[order.number, parcel_line.pk])
    assert staff_client.get(parcel_detail).status_code == 200


def test_staff_still_act_on_every_line_and_on_the_order(staff_client, order, parcel_line):
    response = line_action(
        staff_client, order, "change_line_statuses", [parcel_line], new_status="Shipped"
    )
    assert response.status_code == 302
    parcel_line.refresh_from_db()
    assert parcel_line.status == "Shipped"
    staff_client.post(detail_url(order), {"order_action": "save_note", "message": "Checked"})
    assert order.notes.filter(message="Checked").exists()
    address_page = reverse("dashboard:order-shipping-address", args=[order.number])
    assert staff_client.get(address_page).status_code == 200
    staff_client.post(
        detail_url(order), {"order_action": "change_order_status", "new_status": "Processing"}
    )
    order.refresh_from_db()
    assert order.status == "Processing"


@pytest.mark.parametrize("who", ["staff", "provider"])
@pytest.mark.parametrize(
    "shape",
    ["no quantity", "no shipping reference", "superscript line id", "line id with letters"],
)
def test_hand_made_line_posts_get_a_message_not_a_500(
    who, shape, order, own_line, staff_client, provider_client
):
    """Oscar reads the line ids and quantities with int() and saves a missing reference as
    NULL; malformed posts are refused with a message instead."""
    client = staff_client if who == "staff" else provider_client
    line = str(own_line.pk)
    data = {
        "no quantity": {"line_action": "change_line_statuses", "selected_line": line},
        "no shipping reference": {
            "line_action": "create_shipping_event",
            "selected_line": line,
            f"selected_line_qty_{line}": "1",
            "shipping_event_type": "shipped",
        },
        "superscript line id": {"line_action": "change_line_statuses", "selected_line": "²"},
        "line id with letters": {"line_action": "change_line_statuses", "selected_line": "1x"},
    }[shape]
    response = client.post(detail_url(order), data | {"new_status": "Processing"})
    assert response.status_code == 302
