"""Order creation that never sells a unit twice nor uses a voucher past its limit.

Oscar's `StockRecord.allocate()` adds to `num_allocated` without re-checking stock, and its
voucher and offer counters are saved from rows read before the order was placed. Here
placement locks, in the fixed order of docs/architecture.md ("Locks"), the vouchers and
limited offers the basket uses, then the stock records it takes (each kind in primary-key
order), re-checks them in the transaction that uses them, and counts their usage on the locked rows.
"""

from collections import Counter

from django.db import transaction
from oscar.apps.order.utils import OrderCreator as CoreOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401 (Oscar loads it from here)
from oscar.core.loading import get_model

from shop import lines

from .exceptions import DiscountUnavailable, OutOfStock

ConditionalOffer = get_model("offer", "ConditionalOffer")
StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")

NOT_CHARGED = "Please change your basket and try again; you have not been charged for it."


def lock_and_check_vouchers(basket, user):
    """Lock the basket's vouchers and raise DiscountUnavailable if one is used up meanwhile."""
    vouchers = Voucher.objects.select_for_update(of=("self",)).filter(
        pk__in=basket.vouchers.values("pk")
    )
    for voucher in vouchers.order_by("pk"):
        available, message = voucher.is_available_to_user(user=user)
        if not available:
            raise DiscountUnavailable(
                f"Voucher {voucher.code} can no longer be used: {message}. "
                f"Remove it from your basket and try again; you have not been charged for it."
            )


def lock_and_check_offers(basket, user):
    """Lock the offers the basket applies and raise DiscountUnavailable if one has run out
    (its global or per-customer limit reached by orders placed meanwhile)."""
    wanted = Counter()
    for application in basket.offer_applications:
        wanted[application["offer"].pk] += application["freq"]
    offers = ConditionalOffer.objects.select_for_update(of=("self",)).filter(pk__in=wanted)
    for offer in offers.order_by("pk"):
        if offer.is_suspended or offer.get_max_applications(user) < wanted[offer.pk]:
            raise DiscountUnavailable(f'The offer "{offer.name}" has just run out. {NOT_CHARGED}')


def lock_and_check_stock(basket):
    """Lock the basket's stock records and raise OutOfStock if any cannot cover its lines.

    Only the stock records are locked (`of`): the products read with them do not change."""
    wanted = Counter()
    for line in basket.all_lines():
        if line.stockrecord_id and line.product.get_product_class().track_stock:
            wanted[line.stockrecord_id] += line.quantity
    records = (
        StockRecord.objects.select_for_update(of=("self",))
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
            "Sorry, we have just sold out of " + ", ".join(sorted(short)) + ". " + NOT_CHARGED
        )


class OrderCreator(CoreOrderCreator):
    def place_order(self, basket, *args, **kwargs):
        user = kwargs.get("user")
        with transaction.atomic():
            # The lock order of docs/architecture.md: (basket, taken by the caller) → vouchers
            # and offers → stock records → bookings → order.
            lock_and_check_vouchers(basket, user)
            lock_and_check_offers(basket, user)
            lock_and_check_stock(basket)
            lines.hold_basket_or_refuse(basket)
            return super().place_order(basket, *args, **kwargs)

    def record_discount(self, discount):
        # The offer and voucher were read with the basket, before placement locked their rows:
        # re-read under the lock, so Oscar's counters add to the counts of orders placed meanwhile.
        discount["offer"].refresh_from_db()
        if discount.get("voucher"):
            discount["voucher"].refresh_from_db()
        super().record_discount(discount)

    def create_line_models(self, order, basket_line, extra_line_fields=None):
        order_line = super().create_line_models(order, basket_line, extra_line_fields)
        # Same transaction as the order: a placed order always has its bookings confirmed.
        lines.confirm_line(basket_line, order_line, order)
        return order_line
