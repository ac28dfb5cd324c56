"""Amounts in messages and emails are written like every other price: `£84.00`, never
`84.00 GBP` or a raw decimal."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from shop.money import format_money
from shop.order.refunds import RefundError, refund_order


@pytest.mark.parametrize("suffix", ["html", "txt"])
def test_the_refund_email_writes_the_amount_as_money(db, suffix):  # the layout reads the brand
    order = SimpleNamespace(currency="GBP", number="100042")
    body = render_to_string(
        f"oscar/communication/emails/commtype_order_refunded_body.{suffix}",
        {"amount": D("84.000000"), "order": order, "status_url": "/", "site": None},
    )
    assert "£84.00" in body
    assert "GBP" not in body and "84.000000" not in body


def test_a_refunded_booking_shows_money(home_page):
    order = SimpleNamespace(currency="GBP")
    booking = SimpleNamespace(
        refunded_amount=D("244.800000000000"),
        order_line=SimpleNamespace(order=order),
        reference="0b6f5a3e-2d1c-4f6e-9a7b-1c2d3e4f5a6b",
        service_name="Massage",
        order=order,
        venue=home_page,  # any page: the item links to the venue's
    )
    html = render_to_string(
        "bookings/includes/booking_item.html", {"row": SimpleNamespace(booking=booking)}
    )
    assert "Refunded £244.80" in html


def test_a_refund_above_what_is_left_is_refused_in_money(db, monkeypatch):
    order = SimpleNamespace(currency="GBP", number="1", pk=1)
    monkeypatch.setattr("shop.order.refunds.refundable", lambda order: D("12.5"))
    handler = SimpleNamespace(lock_for_change=lambda order: order)
    monkeypatch.setattr("shop.order.refunds.order_event_handler", lambda: handler)
    with pytest.raises(RefundError, match="At most £12.50 can still be refunded"):
        refund_order(order, D("20.00"), requested_by=SimpleNamespace(pk=1))


def test_format_money_uses_the_shop_currency_by_default(settings):
    settings.OSCAR_DEFAULT_CURRENCY = "EUR"
    assert format_money(D("84")) == "€84.00"


def test_offers_must_discount_the_figure_shown(settings):
    from shop.checks import offers_follow_price_policy

    assert offers_follow_price_policy(None) == []
    settings.OSCAR_OFFERS_INCL_TAX = not settings.SHOP_PRICES_INCLUDE_TAX
    assert [error.id for error in offers_follow_price_policy(None)] == ["shop.E001"]
