"""Delivery: a flat rate, free over a threshold, nothing when the basket holds only services."""

from decimal import Decimal

from django.conf import settings
from oscar.apps.shipping import methods, repository


class StandardDelivery(methods.FixedPrice):
    code = "standard"
    name = "Standard delivery"
    description = "Tracked, 2–4 working days."


class FreeDelivery(methods.Free):
    code = "free"
    name = "Free delivery"
    description = "Tracked, 2–4 working days, free on orders over the threshold."


def standard_delivery():
    charge = Decimal(settings.SHOP_SHIPPING_FLAT_RATE)
    tax_rate = Decimal(settings.SHOP_TAX_RATE)
    excl_tax = (charge / (1 + tax_rate)).quantize(Decimal("0.01"))
    return StandardDelivery(charge_excl_tax=excl_tax, charge_incl_tax=charge)


def free_delivery_threshold() -> Decimal:
    """Basket total (with tax) from which delivery is free."""
    return Decimal(settings.SHOP_FREE_SHIPPING_THRESHOLD)


def spend_for_free_delivery(basket) -> Decimal | None:
    """How much more the basket needs for free delivery; None when it is free or not needed."""
    if basket.is_empty or not basket.is_tax_known or not basket.is_shipping_required():
        return None
    gap = free_delivery_threshold() - basket.total_incl_tax
    return gap if gap > 0 else None


class Repository(repository.Repository):
    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        threshold = free_delivery_threshold()
        if basket.is_tax_known and basket.total_incl_tax >= threshold:
            return [FreeDelivery()]
        return [standard_delivery()]
