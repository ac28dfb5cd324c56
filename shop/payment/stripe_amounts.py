"""Money as Stripe counts it: integers in each currency's smallest unit.

Stripe counts most currencies in hundredths, zero-decimal currencies (JPY, KRW, ...) in whole
units and three-decimal currencies (BHD, KWD, ...) in thousandths whose last digit must be 0
(https://docs.stripe.com/currencies). Our amounts are `Decimal`s with two places (Oscar's
columns), so every conversion to and from Stripe goes through these two functions.
"""

from decimal import ROUND_HALF_UP, Decimal

ZERO_DECIMAL_CURRENCIES = frozenset({
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
})  # fmt: skip
THREE_DECIMAL_CURRENCIES = frozenset({"bhd", "jod", "kwd", "omr", "tnd"})

CENT = Decimal("0.01")
WHOLE = Decimal("1")


def minor_units_per_unit(currency: str) -> int:
    code = currency.lower()
    if code in ZERO_DECIMAL_CURRENCIES:
        return 1
    if code in THREE_DECIMAL_CURRENCIES:
        return 1000
    return 100


def to_minor_units(amount: Decimal, currency: str) -> int:
    """`amount` in Stripe's smallest unit of `currency`, rounded half up to what Stripe takes.

    Zero-decimal amounts round to whole units; three-decimal ones to hundredths (so the last
    of the three digits is 0, as Stripe requires); everything else to cents."""
    per_unit = minor_units_per_unit(currency)
    step = WHOLE if per_unit == 1 else CENT
    return int(amount.quantize(step, rounding=ROUND_HALF_UP) * per_unit)


def from_minor_units(amount: int, currency: str) -> Decimal:
    """A Stripe integer amount of `currency` as our two-place `Decimal`."""
    per_unit = minor_units_per_unit(currency)
    return (Decimal(amount) / per_unit).quantize(CENT, rounding=ROUND_HALF_UP)
