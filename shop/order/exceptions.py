from oscar.apps.order.exceptions import *  # noqa: F403
from oscar.apps.order.exceptions import UnableToPlaceOrder


class OutOfStock(UnableToPlaceOrder):
    """Someone else bought the last units first; the message names the products."""
