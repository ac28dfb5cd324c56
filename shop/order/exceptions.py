from oscar.apps.order.exceptions import *  # noqa: F403
from oscar.apps.order.exceptions import UnableToPlaceOrder


class OutOfStock(UnableToPlaceOrder):
    """Someone else bought the last units first; the message names the products."""


class DiscountUnavailable(UnableToPlaceOrder):
    """A voucher or offer in the basket was used up by orders placed meanwhile."""
