from django import template

from shop import lines

register = template.Library()


@register.filter
def line_details(order_line):
    """When and where an order line happens (a booked time), from the registered handlers."""
    return lines.describe_order_line(order_line)
