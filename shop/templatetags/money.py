"""`{% load money %}`: the one money filter, the price policy's figure, and total breakdowns."""

from django import template

from shop import pricing, totals
from shop.money import format_money

register = template.Library()


@register.filter(name="money")
def money(value, currency=None):
    """`{{ amount|money }}` or `{{ amount|money:order.currency }}` → `£84.00`."""
    return format_money(value, currency)


@register.filter
def shown_price(price):
    """The policy's figure for an Oscar price (`{{ info.price|shown_price }}`), or None."""
    return pricing.shown_price(price)


@register.simple_tag
def basket_breakdown(basket, shipping_method=None, shipping_charge=None, order_total=None):
    return totals.basket_breakdown(basket, shipping_method, shipping_charge, order_total)


@register.simple_tag
def order_breakdown(order):
    return totals.order_breakdown(order)
