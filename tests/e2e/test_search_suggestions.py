"""The header's search box is a combobox on every page: suggestions grouped by kind while a
shopper types, chosen with the keyboard; without JavaScript it is a plain search form."""

import re
from decimal import Decimal as D

from playwright.sync_api import expect

from tests.factories import create_product


def test_the_header_box_suggests_and_opens_a_result_with_the_keyboard(home_page, page, browser_log):
    create_product(title="Storm Lantern", price=D("34.00"), num_in_stock=5)
    create_product(title="Storm Glass", price=D("21.00"), num_in_stock=0)
    lamp = create_product(title="Stormproof Lamp", price=D("45.00"), num_in_stock=2)
    create_product(title="Sea Salt Candle", price=D("8.75"), num_in_stock=5)

    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("sto")

    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "site-search-q-listbox")
    group = listbox.get_by_role("group", name="Services & products")
    options = group.get_by_role("option")
    expect(options).to_have_count(3)
    expect(options.first).to_contain_text("Storm Glass")
    expect(options.first).to_contain_text("Currently unavailable")
    expect(options.nth(1)).to_contain_text("Storm Lantern")
    expect(options.nth(1)).to_contain_text("40.80")  # £34.00 plus 20% VAT: the price shown
    expect(page.locator("#site-search-q-status")).to_have_text(re.compile(r"^3 suggestions"))

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-q-listbox-option-0")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")  # wraps round to the last option
    expect(box).to_have_attribute("aria-activedescendant", "site-search-q-listbox-option-2")
    expect(options.nth(2)).to_contain_text("Stormproof Lamp")

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(box).to_have_value("sto")

    box.press("ArrowDown")  # opens the list again on the first option
    box.press("ArrowUp")
    box.press("Enter")
    expect(page).to_have_url(lamp.get_absolute_url())
    assert browser_log.server_errors == []
    assert browser_log.console_errors == []


def test_enter_without_a_chosen_option_searches(home_page, page, browser_log):
    create_product(title="Storm Lantern", price=D("34.00"), num_in_stock=5)
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("storm")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url("/search/?q=storm")
    expect(page.get_by_role("heading", name="Results for “storm”")).to_be_visible()
    assert browser_log.console_errors == []


def test_without_javascript_the_box_is_a_plain_search_form(home_page, browser, base_url):
    create_product(title="Storm Lantern", price=D("34.00"), num_in_stock=5)
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/")
        box = page.get_by_role("searchbox", name="Search the site")
        # The box stays a plain search field (the home page's own selects are other comboboxes).
        expect(page.get_by_role("combobox", name="Search the site")).to_have_count(0)
        box.fill("storm")
        box.press("Enter")
        expect(page).to_have_url("/search/?q=storm")
        expect(page.get_by_role("link", name="Storm Lantern")).to_be_visible()
    finally:
        context.close()
