"""Order creation that never sells a unit twice.

Oscar's `StockRecord.allocate()` adds to `num_allocated` without looking at stock, so two
shoppers can buy the last unit together. Here the stock records an order touches are locked
(in primary-key order, so concurrent orders cannot deadlock) and re-checked in the same
transaction that allocates them.
"""

from collections import Counter

from django.db import transaction
from oscar.apps.order.utils import OrderCreator as CoreOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401 (Oscar loads it from here)
from oscar.core.loading import get_model

from shop import lines

from .exceptions import OutOfStock

StockRecord = get_model("partner", "StockRecord")


def lock_and_check_stock(basket):
    """Lock the basket's stock records and raise OutOfStock if any cannot cover its lines."""
    wanted = Counter()
    for line in basket.all_lines():
        if line.stockrecord_id and line.product.get_product_class().track_stock:
            wanted[line.stockrecord_id] += line.quantity
    records = (
        StockRecord.objects.select_for_update()
        .filter(pk__in=wanted)
        .select_related("product")
        .order_by("pk")
    )
    short = [
        record.product.get_title()
        for record in records
        if record.net_stock_level < wanted[record.pk]
    ]
    if short:
        raise OutOfStock(
            "Sorry, we have just sold out of " + ", ".join(sorted(short)) + ". "
            "Please change your basket and try again; you have not been charged for it."
        )


class OrderCreator(CoreOrderCreator):
    def place_order(self, basket, *args, **kwargs):
        with transaction.atomic():
            lock_and_check_stock(basket)
            lines.hold_basket_or_refuse(basket)
            return super().place_order(basket, *args, **kwargs)

    def create_line_models(self, order, basket_line, extra_line_fields=None):
        order_line = super().create_line_models(order, basket_line, extra_line_fields)
        # Same transaction as the order: a placed order always has its bookings confirmed.
        lines.confirm_line(basket_line, order_line, order)
        return order_line
