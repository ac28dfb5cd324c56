"""A guest buys two products with the demo payment and gets the confirmation page and email."""

import re
from decimal import Decimal as D

from django.core import mail
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests.factories import create_product

Order = get_model("order", "Order")


def add_to_basket(page, product):
    page.goto(product.get_absolute_url())
    page.locator("#add_to_basket_form").get_by_role("button", name="Add to basket").click()
    expect(page.get_by_text("has been added to your basket")).to_be_visible()


def test_guest_checkout_with_the_demo_payment(home_page, countries, page, browser_log):
    lantern = create_product(title="Storm Lantern", price=D("34.00"), num_in_stock=10)
    candle = create_product(title="Sea Salt Candle", price=D("8.75"), num_in_stock=10)

    add_to_basket(page, lantern)
    add_to_basket(page, candle)
    page.goto("/shop/basket/")
    page.get_by_role("link", name=re.compile("Proceed to checkout", re.I)).first.click()

    page.get_by_label("Email address").fill("sam@example.com")
    page.get_by_label(re.compile("guest", re.I)).check()
    page.get_by_role("button", name=re.compile("Continue", re.I)).click()

    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Address line 1").fill("12 Harbour Row")
    page.get_by_label("Town or city").fill("Bristol")
    page.get_by_label("Postcode").fill("BS1 4DJ")
    page.get_by_role("button", name=re.compile("Continue", re.I)).click()

    expect(page).to_have_url("/shop/checkout/preview/")
    expect(page.get_by_text("Demo payment – no charge").first).to_be_visible()
    page.get_by_role("button", name="Place order").click()

    expect(page).to_have_url("/shop/checkout/thank-you/")
    order = Order.objects.get()
    expect(page.get_by_text(order.number).first).to_be_visible()
    assert sorted(line.title for line in order.lines.all()) == ["Sea Salt Candle", "Storm Lantern"]
    assert order.guest_email == "sam@example.com"
    assert [message.to for message in mail.outbox] == [["sam@example.com"]]
    assert order.number in mail.outbox[0].subject + mail.outbox[0].body
    assert browser_log.server_errors == []
