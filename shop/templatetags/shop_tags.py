from django import template
from django.conf import settings

from shop import lines
from shop.order.refunds import refundable
from shop.shipping.repository import spend_for_free_delivery

register = template.Library()


@register.simple_tag
def refundable_amount(order):
    return refundable(order)


@register.filter
def can_be_cancelled(order):
    return order.status in settings.SHOP_CANCELLABLE_STATUSES


@register.simple_tag
def line_display(line):
    """What a line's handler shows for it (a booking's service, venue, time), or None."""
    return lines.line_display(line)


@register.simple_tag
def call_to_action(product):
    """("Book", url) for a product chosen on its own page, or None for the basket form."""
    return lines.call_to_action(product)


@register.simple_tag
def free_delivery_gap(basket):
    """How much more the basket needs for free delivery, or None."""
    return spend_for_free_delivery(basket)
