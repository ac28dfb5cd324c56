"""Money adds up: for any basket, tax rate, price policy, offer and voucher, the rows shown on
the basket, checkout and order pages sum to the total shown, which is the amount charged; and
money is always written as `£1,234.50`."""

import datetime
import re
from decimal import Decimal as D

import pytest
from babel.numbers import parse_decimal
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from shop.money import format_money, round_money
from shop.payment import stripe_gateway
from tests.shop.conftest import add_to_basket

Basket = get_model("basket", "Basket")
Range = get_model("offer", "Range")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")
Applicator = get_class("offer.applicator", "Applicator")
Repository = get_class("shipping.repository", "Repository")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")

pytestmark = pytest.mark.django_db

AMOUNT = re.compile(r'data-money="([a-z-]+)">(.*?)<')
PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

prices = st.decimals(min_value=D("0.01"), max_value=D("400.00"), places=2)
tax_rates = st.sampled_from([D("0"), D("0.05"), D("0.20")]) | st.decimals(
    min_value=D("0"), max_value=D("0.25"), places=3
)
items = st.lists(st.tuples(prices, st.integers(1, 4)), min_size=1, max_size=4)
# (kind, value): a percentage, or a fixed amount off, or nothing.
discounts = st.none() | st.tuples(
    st.sampled_from([Benefit.PERCENTAGE, Benefit.FIXED]),
    st.decimals(min_value=D("1"), max_value=D("50"), places=0),
)


def parse_money(text):
    """The figure in `£1,234.50` / `−£3.00` (HTML-escaped minus included)."""
    negative = text.startswith(("&minus;", "−", "-"))  # discounts are shown as −£x
    digits = re.sub(r"^(&minus;|−|-)", "", text).lstrip("£")
    amount = parse_decimal(digits, locale="en_GB")
    return -amount if negative else amount


def rendered_rows(html):
    rows = {}
    for role, text in AMOUNT.findall(html):
        rows.setdefault(role, []).append(parse_money(text))
    return rows


def assert_adds_up(html, charged):
    rows = rendered_rows(html)
    assert sum(rows["item"]) == rows["items-total"][0]
    parts = rows["items-total"][0] + sum(rows.get("discount", []))
    parts += sum(rows.get("delivery", [])) + sum(rows.get("tax", []))
    assert all(amount < 0 for amount in rows.get("discount", []))
    assert parts == rows["total"][0], html
    assert rows["total"][0] == charged
    for amounts in rows.values():
        assert all(amount == amount.quantize(D("0.01")) for amount in amounts)


def make_offer(kind, value, offer_type, name):
    product_range = Range.objects.create(name=f"{name} range", includes_all_products=True)
    return ConditionalOffer.objects.create(
        name=name,
        offer_type=offer_type,
        condition=Condition.objects.create(range=product_range, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=product_range, type=kind, value=value),
        start_datetime=timezone.now() - datetime.timedelta(days=1),
        end_datetime=timezone.now() + datetime.timedelta(days=1),
    )


def priced_basket(lines, offer, voucher):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for number, (price, quantity) in enumerate(lines):
        product = create_product(title=f"Item {number}", price=price, num_in_stock=50)
        basket.add_product(product, quantity)
    if offer:
        make_offer(*offer, ConditionalOffer.SITE, "Site sale")
    if voucher:
        voucher_offer = make_offer(*voucher, ConditionalOffer.VOUCHER, "Voucher offer")
        code = Voucher.objects.create(
            name="Winter",
            code="WINTER",
            start_datetime=timezone.now() - datetime.timedelta(days=1),
            end_datetime=timezone.now() + datetime.timedelta(days=1),
        )
        code.offers.add(voucher_offer)
        basket.vouchers.add(code)
    basket.reset_offer_applications()
    Applicator().apply(basket)
    return basket


def check_breakdowns(lines, offer, voucher, include_tax):
    basket = priced_basket(lines, offer, voucher)
    method = Repository().get_default_shipping_method(basket=basket)
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    # What checkout charges: the Stripe intent (minor units) and the demo payment source.
    charged = total.incl_tax
    assert stripe_gateway.to_minor_units(charged, "GBP") == charged * 100
    html = render_to_string(
        "oscar/basket/partials/basket_totals.html",
        {
            "basket": basket,
            "shipping_method": method,
            "shipping_charge": charge,
            "order_total": total,
        },
    )
    assert_adds_up(html, charged)
    assert ("excl. tax" in html) is not include_tax
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=charge,
        order_number=f"P{basket.pk}",
        user=AnonymousUser(),
    )
    order_html = render_to_string("oscar/order/partials/basket_totals.html", {"order": order})
    assert_adds_up(order_html, charged)
    # The order page shows what the basket showed (offers and vouchers perhaps reordered).
    basket_rows, order_rows = rendered_rows(html), rendered_rows(order_html)
    assert {role: sorted(amounts) for role, amounts in order_rows.items()} == {
        role: sorted(amounts) for role, amounts in basket_rows.items()
    }


@given(
    lines=items, tax_rate=tax_rates, include_tax=st.booleans(), offer=discounts, voucher=discounts
)
@PROPERTY_SETTINGS
def test_every_breakdown_adds_up_to_what_is_charged(
    countries, lines, tax_rate, include_tax, offer, voucher
):
    # Each example in a savepoint rolled back at its end: examples share the test's transaction.
    with (
        override_settings(
            SHOP_TAX_RATE=str(tax_rate),
            SHOP_PRICES_INCLUDE_TAX=include_tax,
            OSCAR_OFFERS_INCL_TAX=include_tax,
        ),
        transaction.atomic(),
    ):
        check_breakdowns(lines, offer, voucher, include_tax)
        transaction.set_rollback(True)


@given(amount=st.decimals(min_value=D("-1000000"), max_value=D("1000000"), allow_nan=False))
@settings(max_examples=200, deadline=None)
def test_money_is_written_with_the_symbol_and_two_decimals(amount):
    written = format_money(amount, "GBP")
    assert re.fullmatch(r"-?£\d{1,3}(,\d{3})*\.\d{2}", written), written
    assert parse_money(written) == round_money(amount, "GBP")


def test_money_refuses_floats_and_nonsense():
    assert format_money(84.0) == ""
    assert format_money("n/a") == ""
    assert format_money(None) == ""
    assert format_money(D("244.800000000000")) == "£244.80"
    assert format_money("84") == "£84.00"


def test_a_percentage_voucher_shows_the_discount_it_takes_off(client, countries, price_policy):
    """WINTER20 on one of two items: £149.40 − £15.84 = £133.56, not − £13.20 (its figure
    before tax) beside totals with tax."""
    price_policy(True)
    warmer = create_product(title="Wool blanket", price=D("66.00"), num_in_stock=5)
    other = create_product(title="Oak board", price=D("58.50"), num_in_stock=5)
    product_range = Range.objects.create(name="Winter warmers")
    product_range.add_product(warmer)
    offer = ConditionalOffer.objects.create(
        name="Winter sale: 20% off",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(range=product_range, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=product_range, type=Benefit.PERCENTAGE, value=20),
    )
    voucher = Voucher.objects.create(
        name="Winter sale",
        code="WINTER20",
        start_datetime=timezone.now() - datetime.timedelta(days=1),
        end_datetime=timezone.now() + datetime.timedelta(days=30),
    )
    voucher.offers.add(offer)
    add_to_basket(client, warmer)
    add_to_basket(client, other)
    client.post("/shop/basket/vouchers/add/", {"code": "WINTER20"})
    rows = rendered_rows(client.get("/shop/basket/").content.decode())
    assert rows["items-total"] == [D("149.40")]
    assert rows["discount"] == [D("-15.84")]
    assert rows["total"] == [D("133.56")]
