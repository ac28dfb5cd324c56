"""The one price policy: the figure a shopper sees for anything sold here.

Oscar's strategy (`shop/partner/strategy.py`) prices every stock record with and without tax;
`SHOP_PRICES_INCLUDE_TAX` says which of the two a shopper sees (with tax for a consumer shop,
without it, labelled, for a trade shop). Pages, cards, search documents, blocks, emails and
JSON-LD all ask here, so one product shows one figure everywhere."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from oscar.core.loading import get_class

from .money import format_money, round_money

Selector = get_class("partner.strategy", "Selector")


def prices_include_tax() -> bool:
    return settings.SHOP_PRICES_INCLUDE_TAX


def tax_note() -> str:
    """What follows a price that is shown without tax."""
    return "" if prices_include_tax() else "excl. tax"


@dataclass(frozen=True)
class ShownPrice:
    amount: Decimal
    currency: str
    includes_tax: bool

    @property
    def display(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def note(self) -> str:
        return "" if self.includes_tax else "excl. tax"

    def __str__(self):
        return self.display


def default_strategy(request=None):
    strategy = getattr(request, "strategy", None)
    return strategy or Selector().strategy(request=request)


def shown_amount(price) -> Decimal | None:
    """The policy's figure from an Oscar price (a purchase info's price, a shipping charge, an
    order total): with tax when the policy says so and the tax is known, else without."""
    if price is None or not getattr(price, "exists", True):
        return None
    amount = price.incl_tax if prices_include_tax() and price.is_tax_known else price.excl_tax
    return None if amount is None else round_money(amount, price.currency)


def shown_price(price) -> ShownPrice | None:
    amount = shown_amount(price)
    if amount is None:
        return None
    includes_tax = prices_include_tax() and price.is_tax_known
    return ShownPrice(amount, price.currency, includes_tax)


def price_of_product(product, strategy=None) -> ShownPrice | None:
    """What the product page shows: Oscar's purchase info for the product (or its variants)."""
    strategy = strategy or default_strategy()
    return shown_price(strategy.fetch_for_product(product).price)


def price_of_stockrecord(product, stockrecord, strategy=None) -> ShownPrice | None:
    """The price of one stock record of `product` (e.g. a venue's service, a variant's record)."""
    strategy = strategy or default_strategy()
    return shown_price(strategy.pricing_policy(product, stockrecord))


def lowest_price(product, strategy=None) -> ShownPrice | None:
    """The lowest price among the product's and its variants' stock records: a "from" price."""
    strategy = strategy or default_strategy()
    pairs = [(product, record) for record in product.stockrecords.all()]
    for child in product.children.all():
        pairs.extend((child, record) for record in child.stockrecords.all())
    prices = [price_of_stockrecord(item, record, strategy) for item, record in pairs]
    prices = [price for price in prices if price is not None]
    return min(prices, key=lambda price: price.amount) if prices else None
