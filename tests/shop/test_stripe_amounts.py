"""Stripe amounts in each currency's smallest unit: two-, zero- and three-decimal currencies."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.payment.stripe_amounts import (
    THREE_DECIMAL_CURRENCIES,
    ZERO_DECIMAL_CURRENCIES,
    from_minor_units,
    to_minor_units,
)

TWO_DECIMAL = ["gbp", "eur", "usd", "chf"]
ZERO_DECIMAL = sorted(ZERO_DECIMAL_CURRENCIES)
THREE_DECIMAL = sorted(THREE_DECIMAL_CURRENCIES)

cents = st.integers(min_value=0, max_value=10**12)


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        (D("12.34"), "GBP", 1234),
        (D("0.01"), "eur", 1),
        (D("1500"), "JPY", 1500),
        (D("1500.00"), "krw", 1500),
        (D("1500.50"), "JPY", 1501),  # whole yen only: half rounds up
        (D("12.34"), "KWD", 12340),
        (D("12.345"), "BHD", 12350),  # Stripe refuses a last digit other than 0
        (D("0.10"), "OMR", 100),
        (D("7"), "jod", 7000),
        (D("3.21"), "TND", 3210),
    ],
)
def test_to_minor_units(amount, currency, minor):
    assert to_minor_units(amount, currency) == minor


@pytest.mark.parametrize(
    ("minor", "currency", "amount"),
    [
        (1234, "gbp", D("12.34")),
        (1500, "jpy", D("1500.00")),
        (12340, "kwd", D("12.34")),
        (100, "omr", D("0.10")),
    ],
)
def test_from_minor_units(minor, currency, amount):
    assert from_minor_units(minor, currency) == amount


def test_three_decimal_amounts_always_end_in_zero():
    assert all(to_minor_units(D("9.999"), code) % 10 == 0 for code in THREE_DECIMAL)


@given(cents=cents, currency=st.sampled_from(TWO_DECIMAL))
def test_two_decimal_round_trip(cents, currency):
    amount = D(cents) / 100
    assert to_minor_units(amount, currency) == cents
    assert from_minor_units(to_minor_units(amount, currency), currency) == amount


@given(units=cents, currency=st.sampled_from(ZERO_DECIMAL))
def test_zero_decimal_round_trip(units, currency):
    amount = D(units)
    assert to_minor_units(amount, currency) == units
    assert from_minor_units(units, currency) == amount


@given(cents=cents, currency=st.sampled_from(THREE_DECIMAL))
def test_three_decimal_round_trip(cents, currency):
    amount = D(cents) / 100
    minor = to_minor_units(amount, currency)
    assert minor == cents * 10 and minor % 10 == 0
    assert from_minor_units(minor, currency) == amount


@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=3),
    currency=st.sampled_from(TWO_DECIMAL + ZERO_DECIMAL + THREE_DECIMAL),
)
def test_rounding_moves_at_most_half_a_smallest_unit(amount, currency):
    """What Stripe is asked for is the amount to within half of what the currency can carry."""
    back = from_minor_units(to_minor_units(amount, currency), currency)
    step = D(1) if currency in ZERO_DECIMAL_CURRENCIES else D("0.01")
    assert abs(back - amount) <= step / 2
