"""The header's search box suggests titles while a shopper types, on any page."""

from decimal import Decimal as D

from playwright.sync_api import expect

from tests.factories import create_product


def test_the_header_box_suggests_titles_as_you_type(home_page, page, browser_log):
    create_product(title="Storm Lantern", price=D("34.00"), num_in_stock=5)
    create_product(title="Sea Salt Candle", price=D("8.75"), num_in_stock=5)

    page.goto("/")
    page.get_by_label("Search the site").press_sequentially("sto")

    options = page.locator("#site-search-q-suggestions option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Storm Lantern")
    assert browser_log.server_errors == []
    assert browser_log.console_errors == []
