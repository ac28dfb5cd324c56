"""The one way money is written: locale-aware (`£84.00`), rounded to the currency's minor units.

Built on Oscar's `currency` filter (babel), so Oscar's own templates and ours agree."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import get_currency_precision
from django.conf import settings
from oscar.templatetags.currency_filters import currency as oscar_currency


def minor_unit(currency_code: str) -> Decimal:
    """0.01 for GBP, 1 for JPY: the smallest amount the currency writes."""
    return Decimal(1).scaleb(-get_currency_precision(currency_code))


def to_decimal(value) -> Decimal | None:
    """A Decimal for a Decimal, int or numeric string; None for anything else (floats refused:
    they would carry binary rounding into money)."""
    if value is None or value == "" or isinstance(value, float | bool):
        return None
    try:
        amount = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return None
    return amount if amount.is_finite() else None


def round_money(amount: Decimal, currency_code: str | None = None) -> Decimal:
    return amount.quantize(
        minor_unit(currency_code or settings.OSCAR_DEFAULT_CURRENCY), rounding=ROUND_HALF_UP
    )


def format_money(value, currency_code: str | None = None) -> str:
    """`£84.00` for (84, "GBP"); "" when there is no amount."""
    amount = to_decimal(value)
    if amount is None:
        return ""
    currency_code = currency_code or settings.OSCAR_DEFAULT_CURRENCY
    return oscar_currency(round_money(amount, currency_code), currency_code)
