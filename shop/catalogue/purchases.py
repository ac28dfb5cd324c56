"""Who bought a product: for "verified purchase" marks and SHOP_REVIEWS_VERIFIED_ONLY.

A purchase is an order line of the product (or one of its variants) in an order of the person
that was not cancelled or refunded."""

from django.db.models import Q
from oscar.core.loading import get_model

from shop.order.refunds import CANCELLED, REFUNDED

ENDED = (CANCELLED, REFUNDED)


def purchases_of(product):
    Line = get_model("order", "Line")
    return Line.objects.filter(Q(product_id=product.pk) | Q(product__parent_id=product.pk)).exclude(
        order__status__in=ENDED
    )


def has_bought(user, product) -> bool:
    if not user.is_authenticated:
        return False
    return purchases_of(product).filter(order__user=user).exists()


def buyers_among(product, user_ids) -> set[int]:
    """Which of these users bought the product (one query for a page of reviews)."""
    user_ids = [pk for pk in user_ids if pk]
    if not user_ids:
        return set()
    return set(
        purchases_of(product)
        .filter(order__user_id__in=user_ids)
        .values_list("order__user_id", flat=True)
        .distinct()
    )
