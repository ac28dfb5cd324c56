from django.db import transaction
from oscar.apps.checkout.mixins import OrderPlacementMixin as CoreOrderPlacementMixin

from shop.tasks import send_order_email


class OrderPlacementMixin(CoreOrderPlacementMixin):
    def send_order_placed_email(self, order):
        # Never inside the request: a worker sends it once the order is committed.
        transaction.on_commit(lambda: send_order_email.delay(order.pk, "ORDER_PLACED"))
