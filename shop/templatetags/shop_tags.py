from django import template
from django.conf import settings

from shop.order.refunds import refundable

register = template.Library()


@register.simple_tag
def refundable_amount(order):
    return refundable(order)


@register.filter
def can_be_cancelled(order):
    return order.status in settings.SHOP_CANCELLABLE_STATUSES
