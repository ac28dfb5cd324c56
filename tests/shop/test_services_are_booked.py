# ruff: noqa: F811 (fixtures imported from the bookings and venues tests are used by name)
"""A service is booked (a time chosen on its page), never added to the basket as it is: every
path that adds a product refuses it, every card says "Book", and a booked line reads as a
booking wherever lines are listed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.urls import reverse
from oscar.core.loading import get_model

from shop.basket.models import LineRefused
from shop.products import product_cards
from tests.bookings.conftest import (  # noqa: F401 (fixtures)
    book_and_pay,
    customer,
    customer_client,
    hold,
    make_service,
    next_slot,
    open_venue,
    service,
)
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401 (fixtures)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
WishList = get_model("wishlists", "WishList")

pytestmark = pytest.mark.django_db


def basket_lines(client):
    basket = Basket.objects.filter(status=Basket.OPEN).order_by("-pk").first()
    return [] if basket is None else list(basket.all_lines())


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_basket_model_refuses_a_service_without_its_time(service):
    basket = Basket.objects.create()
    with pytest.raises(LineRefused, match="choose a time on its page"):
        basket.add_product(service, 1)
    assert basket.lines.count() == 0


def test_the_basket_add_view_refuses_a_service_with_a_clear_message(client, service):
    response = client.post(reverse("basket:add", kwargs={"pk": service.pk}), {"quantity": 1})
    assert response.status_code == 302
    assert basket_lines(client) == []
    assert any("choose a time on its page" in text for text in message_texts(response))


def test_a_forged_slot_field_does_not_get_a_service_in(client, service):
    response = client.post(
        reverse("basket:add", kwargs={"pk": service.pk}),
        {"quantity": 1, "booking-slot": "Tue 08 Dec 2026, 13:30–14:45 (Tidewater Spa)"},
    )
    assert response.status_code == 302
    assert basket_lines(client) == []


def test_a_plain_product_still_goes_in(client, product):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert response.status_code == 302
    assert [line.product for line in basket_lines(client)] == [product]


def test_choosing_a_time_still_books_it_and_checkout_accepts_the_line(client, service):
    booking = book_and_pay(client, service, next_slot(service))
    assert booking.order_line.product == service


def test_re_ordering_a_booked_line_is_refused_and_the_page_offers_book(customer_client, service):
    booking = book_and_pay(customer_client, service, next_slot(service), "cora@example.com")
    order = booking.order_line.order
    line_url = reverse(
        "customer:order-line",
        kwargs={"order_number": order.number, "line_id": booking.order_line_id},
    )
    response = customer_client.post(line_url, {"action": "reorder"})
    assert basket_lines(customer_client) == []
    assert any("choose a time on its page" in text for text in message_texts(response))

    response = customer_client.post(
        reverse("customer:order", kwargs={"order_number": order.number}), {"action": "reorder"}
    )
    assert basket_lines(customer_client) == []

    page = customer_client.get(reverse("customer:order", kwargs={"order_number": order.number}))
    html = page.content.decode()
    assert f'href="{service.get_absolute_url()}#book"' in html
    assert "Tidewater Spa" in html  # the line reads as a booking, with its venue


def test_moving_a_saved_service_back_to_the_basket_is_refused(customer_client, customer, service):
    basket = Basket.objects.create(owner=customer)
    saved = Basket.saved.create(owner=customer)
    # A saved line as Oscar's "save for later" leaves it (the model refuses the plain add).
    line = saved.lines.create(
        product=service,
        stockrecord=service.stockrecords.get(),
        quantity=1,
        line_reference=f"{service.pk}_plain",
        price_currency="GBP",
    )
    response = customer_client.post(
        reverse("basket:saved"),
        {
            "saved-TOTAL_FORMS": 1,
            "saved-INITIAL_FORMS": 1,
            "saved-MIN_NUM_FORMS": 0,
            "saved-MAX_NUM_FORMS": 1000,
            "saved-0-id": line.pk,
            "saved-0-move_to_basket": "on",
        },
    )
    assert response.status_code in (200, 302)
    assert basket.lines.count() == 0


def test_cards_say_book_and_name_the_venue(rf, service, product):
    request = rf.get("/")
    request.user = AnonymousUser()
    cards = {card.product: card for card in product_cards([service, product], request)}
    assert cards[service].call_to_action == ("Book", f"{service.get_absolute_url()}#book")
    assert not cards[service].can_add_from_page
    assert cards[service].seller == "Tidewater Spa"
    assert cards[product].call_to_action is None
    assert cards[product].can_add_from_page


def test_the_services_listing_groups_services_under_their_venue(client, service):
    response = client.get(reverse("shop-services"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidewater Spa" in html
    assert f'href="{service.get_absolute_url()}#book"' in html
    assert "Add to basket" not in html


def test_a_booked_line_reads_as_a_booking_in_the_basket(client, service):
    start = next_slot(service)
    hold(client, service, start)
    html = client.get(reverse("basket:summary")).content.decode()
    assert "Deep Tissue Massage" in html
    assert "at Tidewater Spa" in html
    assert "(1 h)" in html
    assert "Time = " not in html


def test_a_booked_order_line_reads_as_a_booking_in_pages_and_emails(client, service):
    from django.utils import timezone

    from shop.totals import order_breakdown

    start = next_slot(service)
    booking = book_and_pay(client, service, start)
    line = booking.order_line
    local = timezone.localtime(start, booking.venue.zone)
    expected = f"Deep Tissue Massage at Tidewater Spa: {local:%a} {local.day} {local:%b %Y}, "
    assert line.description.startswith(expected)
    assert line.description.endswith("(1 h)")
    # The order emails and the order pages list the breakdown's rows.
    assert order_breakdown(line.order).items[0].label == line.description


def test_the_catalogue_lists_goods_and_sends_shoppers_to_services_elsewhere(
    client, open_venue, make_service, django_capture_on_commit_callbacks, countries
):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.test.factories import create_product

    gifts = create_from_breadcrumbs("Gifts")
    with django_capture_on_commit_callbacks(execute=True):
        candle = create_product(title="Beeswax Candle", price=10, num_in_stock=5)
        massage = make_service(open_venue, title="Hot Stone Massage")
        for item in (candle, massage):
            item.categories.add(gifts)
            item.save()  # indexed again with its category

    listing = client.get(reverse("catalogue:index"))
    assert [p.title for p in listing.context["products"]] == ["Beeswax Candle"]
    assert f'href="{reverse("shop-services")}"' in listing.content.decode()

    # Services are still where a shopper looks for them: their browse path and a category,
    # each with its venue and "Book".
    services = client.get(reverse("shop-services")).content.decode()
    assert "Hot Stone Massage" in services and "Tidewater Spa" in services
    category = client.get(gifts.get_absolute_url())
    assert {p.title for p in category.context["products"]} == {
        "Beeswax Candle",
        "Hot Stone Massage",
    }
    html = category.content.decode()
    assert f'href="{massage.get_absolute_url()}#book"' in html and "Tidewater Spa" in html
