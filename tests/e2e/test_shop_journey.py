"""A shopper goes from the home page to the shop, opens a product and puts it in the basket."""

import re
from decimal import Decimal as D

from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency
from playwright.sync_api import expect

from tests.factories import create_product

Line = get_model("basket", "Line")

Selector = get_class("partner.strategy", "Selector")


def test_add_a_product_to_the_basket(home_page, page, browser_log):
    create_product(title="Harbour Tote Bag", price=D("12.50"), num_in_stock=10)
    lantern = create_product(title="Storm Lantern", price=D("34.00"), num_in_stock=10)
    create_product(title="Sea Salt Candle", price=D("8.75"), num_in_stock=10)
    header = page.get_by_role("banner")
    basket_link = header.get_by_role("link", name=re.compile("Basket"))

    page.goto("/")
    header.get_by_role("link", name="Shop", exact=True).click()
    expect(page).to_have_url("/shop/")  # the shop front lists the newest goods

    page.get_by_role("heading", name="Storm Lantern").get_by_role("link").click()
    expect(page).to_have_url(lantern.get_absolute_url())
    page.get_by_role("button", name="Add to basket").click()
    expect(page.get_by_text("has been added to your basket")).to_be_visible()

    basket_link.click()
    expect(page).to_have_url("/shop/basket/")
    expect(page.get_by_role("heading", name="Storm Lantern")).to_be_visible()
    expect(page.get_by_text("Harbour Tote Bag")).to_have_count(0)
    expect(page.locator("input[name$='-quantity']")).to_have_value("1")
    price = Selector().strategy().fetch_for_product(lantern).price  # with the shop's tax
    basket_total = page.get_by_role("row").filter(has_text="Basket total")
    expect(basket_total).to_contain_text(currency(price.incl_tax))
    expect(basket_link).to_have_accessible_name(re.compile(r"\b1 item\b"))

    line = Line.objects.get()
    assert (line.product, line.quantity) == (lantern, 1)
    assert browser_log.server_errors == []
    assert browser_log.missing_static == []
    assert browser_log.console_errors == []
