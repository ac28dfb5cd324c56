"""Shapes shared by several endpoints."""

from ninja import Schema

from shop.pricing import ShownPrice


class ErrorOut(Schema):
    error: str
    errors: dict[str, list[str]] = {}


class PriceOut(Schema):
    """A price as the one price policy (shop/pricing.py) shows it; `amount` is a decimal
    string, never a float."""

    amount: str
    currency: str
    includes_tax: bool
    display: str


def price_out(price: ShownPrice | None) -> PriceOut | None:
    if price is None:
        return None
    return PriceOut(
        amount=str(price.amount),
        currency=price.currency,
        includes_tax=price.includes_tax,
        display=price.display,
    )


# The error answers every endpoint may give, for the schema.
CLIENT_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
