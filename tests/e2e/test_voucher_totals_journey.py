"""A shopper books a treatment, buys a product, applies WINTER20 and sees figures that add up
and agree on the basket, the preview, the confirmation, the order page and the email."""

import datetime
import re
from datetime import timedelta
from decimal import Decimal as D
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests.factories import create_product
from tests.shop.test_money_properties import assert_adds_up, rendered_rows

from .test_booking_journey import venue_with_a_service

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")
Order = get_model("order", "Order")


def winter20():
    everything = Range.objects.create(name="Everything", includes_all_products=True)
    offer = ConditionalOffer.objects.create(
        name="Winter: 20% off",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=20),
    )
    voucher = Voucher.objects.create(
        name="Winter",
        code="WINTER20",
        start_datetime=timezone.now() - datetime.timedelta(days=1),
        end_datetime=timezone.now() + datetime.timedelta(days=30),
    )
    voucher.offers.add(offer)


def figures(html):
    """The breakdown's rows by role (item, items-total, discount, delivery, tax, total)."""
    rows = rendered_rows(html)
    return {role: rows[role] for role in ("discount", "total") if role in rows}


def test_voucher_figures_add_up_and_agree_from_basket_to_email(countries, page, browser_log):
    venue, service = venue_with_a_service()
    lantern = create_product(title="Storm Lantern", price=D("34.00"), num_in_stock=10)
    winter20()
    day = timezone.localtime(timezone.now(), venue.zone).date() + timedelta(days=2)

    page.goto(venue.url)
    picker = page.locator("#book")
    picker.get_by_label("Service").select_option(label="Hot Stone Massage")
    picker.get_by_label("Date").fill(day.isoformat())
    picker.get_by_role("button", name="Show times").click()
    picker.get_by_role("button", name="Book 10:00").click()
    expect(page).to_have_url("/shop/basket/")

    page.goto(lantern.get_absolute_url())
    page.locator("#add_to_basket_form").get_by_role("button", name="Add to basket").click()
    expect(page.get_by_text("has been added to your basket")).to_be_visible()

    page.goto("/shop/basket/")
    page.get_by_role("link", name=re.compile("I have a voucher code")).click()
    page.locator("#voucher_form").get_by_label(re.compile("Code", re.I)).fill("WINTER20")
    page.locator("#voucher_form").get_by_role("button", name="Add voucher").click()
    expect(page.get_by_text(re.compile("WINTER20"))).not_to_have_count(0)
    seen = {"basket": page.content()}

    page.get_by_role("link", name=re.compile("Proceed to checkout", re.I)).first.click()
    page.get_by_label("Email address").fill("sam@example.com")
    page.get_by_label(re.compile("guest", re.I)).check()
    page.get_by_role("button", name=re.compile("Continue", re.I)).click()
    expect(page).to_have_url("/shop/checkout/details/")
    page.get_by_label("Your name").fill("Sam Rivers")
    page.get_by_label("Phone number").fill("07911 123456")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Address line 1").fill("12 Harbour Row")
    page.get_by_label("Town or city").fill("Bristol")
    page.get_by_label("Postcode").fill("BS1 4DJ")
    page.get_by_role("button", name=re.compile("Continue", re.I)).click()
    expect(page).to_have_url("/shop/checkout/preview/")
    seen["preview"] = page.content()

    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url("/shop/checkout/thank-you/")
    seen["confirmation"] = page.content()

    order = Order.objects.get()
    placed = next(m for m in mail.outbox if order.number in m.subject)
    seen["email"] = next(body for body, kind in placed.alternatives if kind == "text/html")
    status_link = re.search(rf"https?://\S+/order-status/{order.number}/\S+?/", placed.body)
    page.goto(urlsplit(status_link.group(0)).path)  # the guest's order page, from the email
    expect(page.get_by_text(order.number).first).to_be_visible()
    seen["order page"] = page.content()

    charged = order.total_incl_tax
    assert order.total_discount_incl_tax > 0  # the voucher took something off
    assert figures(seen["basket"])["discount"], "the basket shows the voucher's discount"
    for where, html in seen.items():
        try:
            assert_adds_up(html, charged)
        except AssertionError as error:
            raise AssertionError(f"{where}: {error}") from error
    # Every page shows the same discount and total as the basket did.
    assert len({repr(figures(html)) for html in seen.values()}) == 1, {
        where: figures(html) for where, html in seen.items()
    }
    assert browser_log.server_errors == []
