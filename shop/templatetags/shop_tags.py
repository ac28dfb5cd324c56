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


@register.simple_tag(takes_context=True)
def is_verified_purchase(context, review):
    """Whether the review's author bought the product. The buyers among a page's reviewers are
    looked up in one query per product and render (the reviews list shows many)."""
    from shop.catalogue.purchases import buyers_among

    if not review.user_id:
        return False
    cache = context.render_context.setdefault("verified_buyers", {})
    asked, buyers = cache.setdefault(review.product_id, (set(), set()))
    if review.user_id not in asked:
        reviewers = {r.user_id for r in (context.get("reviews") or []) if r.user_id}
        reviewers = (reviewers | {review.user_id}) - asked
        buyers |= buyers_among(review.product, reviewers)
        asked |= reviewers
    return review.user_id in buyers
