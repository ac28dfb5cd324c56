"""What a basket or an order costs, broken down so the rows shown add up to the total charged.

One breakdown serves the basket, checkout preview, thank-you page, order pages and emails:
items (before discounts), a row per offer and voucher, delivery, tax, and the total. Items,
discounts and delivery are in the price policy's basis (`shop.pricing`): with tax, tax is a
note of what the total includes; without tax, tax is a row added before the total. The total
is always what is charged (with tax)."""

from dataclasses import dataclass
from decimal import Decimal

from oscar.apps.shipping.methods import NoShippingRequired

from .money import minor_unit, round_money
from .pricing import prices_include_tax

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Row:
    label: str
    amount: Decimal
    quantity: int | None = None
    # A voucher's discount row: the voucher a shopper may remove from the basket.
    voucher_id: int | None = None


@dataclass(frozen=True)
class Breakdown:
    currency: str
    includes_tax: bool
    items: list[Row]
    discounts: list[Row]
    delivery: Row | None
    tax: Decimal
    total: Decimal

    @property
    def items_total(self) -> Decimal:
        return sum((row.amount for row in self.items), ZERO)

    @property
    def discounts_total(self) -> Decimal:
        return sum((row.amount for row in self.discounts), ZERO)

    @property
    def tax_is_added(self) -> bool:
        return not self.includes_tax

    def components(self) -> list[Decimal]:
        """The signed amounts that make up the total, in display order."""
        parts = [self.items_total, *(-row.amount for row in self.discounts)]
        if self.delivery is not None:
            parts.append(self.delivery.amount)
        if self.tax_is_added:
            parts.append(self.tax)
        return parts


def discount_rows(discounts, taken_off, currency, line_count):
    """Rows per offer and voucher that add up to `taken_off`, what the lines lost.

    Oscar rounds each offer's discount on its own while lines keep fractions of a penny until
    the basket total is rounded, so the rows can differ from the lines by a penny or so: the
    largest row absorbs that. Rows further out (an order placed before offers followed the
    price policy) give way to one row with the real difference."""
    rows = [
        Row(label, round_money(amount, currency), voucher_id=voucher_id)
        for label, amount, voucher_id in discounts
        if amount
    ]
    difference = taken_off - sum((row.amount for row in rows), ZERO)
    if not difference:
        return rows
    largest = max(rows, key=lambda row: row.amount, default=None)
    if largest is not None and abs(difference) <= minor_unit(currency) * max(line_count, 1):
        adjusted = Row(largest.label, largest.amount + difference, voucher_id=largest.voucher_id)
        return [adjusted if row is largest else row for row in rows]
    return [Row("Discounts", taken_off)] if taken_off else []


def basket_breakdown(basket, shipping_method=None, shipping_charge=None, order_total=None):
    """The breakdown of an open basket with the delivery charge and total Oscar computed."""
    currency = basket.currency
    include_tax = prices_include_tax() and basket.is_tax_known
    lines = list(basket.all_lines())
    if include_tax:
        items = [Row(str(line.product), line.line_price_incl_tax, line.quantity) for line in lines]
        after = basket.total_incl_tax
    else:
        items = [Row(str(line.product), line.line_price_excl_tax, line.quantity) for line in lines]
        after = basket.total_excl_tax
    items = [row for row in items if row.amount is not None]
    discounts = [(d["name"], d["discount"], None) for d in basket.offer_discounts]
    for discount in basket.grouped_voucher_discounts:
        voucher = discount["voucher"]
        name = voucher.voucher_set.name if voucher.voucher_set_id else voucher.name
        discounts.append((f"{name} ({voucher.code})", discount["discount"], voucher.pk))
    items_total = sum((row.amount for row in items), ZERO)
    delivery = None
    shipping_tax = ZERO
    # A basket that ships nothing (appointments only) has no delivery row, not a £0.00 one.
    if shipping_charge is not None and basket.is_shipping_required():
        amount = shipping_charge.incl_tax if include_tax else shipping_charge.excl_tax
        delivery = Row(getattr(shipping_method, "name", "") or "Delivery", amount)
        shipping_tax = shipping_charge.tax if shipping_charge.is_tax_known else ZERO
    if order_total is not None and order_total.is_tax_known:
        total, tax = order_total.incl_tax, order_total.tax
    else:
        tax = (basket.total_tax if basket.is_tax_known else ZERO) + shipping_tax
        total = after + (delivery.amount if delivery else ZERO) + (ZERO if include_tax else tax)
    return Breakdown(
        currency=currency,
        includes_tax=include_tax,
        items=items,
        discounts=discount_rows(discounts, items_total - after, currency, len(lines)),
        delivery=delivery,
        tax=round_money(tax, currency),
        total=round_money(total, currency),
    )


def order_breakdown(order):
    """The breakdown of a placed order, from the figures stored with it."""
    currency = order.currency
    include_tax = prices_include_tax()
    # A line's description reads a booked time as a booking (emails list the rows).
    lines = list(order.lines.all())
    if include_tax:
        items = [
            Row(line.description, line.line_price_before_discounts_incl_tax, line.quantity)
            for line in lines
        ]
        after = order.basket_total_incl_tax
        delivery_amount = order.shipping_incl_tax
    else:
        items = [
            Row(line.description, line.line_price_before_discounts_excl_tax, line.quantity)
            for line in lines
        ]
        after = order.basket_total_excl_tax
        delivery_amount = order.shipping_excl_tax
    discounts = [
        (f"{d.offer_name} ({d.voucher_code})" if d.voucher_code else d.offer_name, d.amount, None)
        for d in order.basket_discounts
    ]
    items_total = sum((row.amount for row in items), ZERO)
    return Breakdown(
        currency=currency,
        includes_tax=include_tax,
        items=items,
        discounts=discount_rows(discounts, items_total - after, currency, len(lines)),
        delivery=(
            None
            if order.shipping_code == NoShippingRequired.code
            else Row(order.shipping_method or "Delivery", delivery_amount)
        ),
        tax=order.total_tax,
        total=order.total_incl_tax,
    )
