import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from oscar.apps.checkout.mixins import OrderPlacementMixin as CoreOrderPlacementMixin
from oscar.core.loading import get_model

from outbox.delivery import enqueue_on_commit
from shop.tasks import send_order_email

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
BillingAddress = get_model("order", "BillingAddress")
UserAddress = get_model("address", "UserAddress")


class OrderPlacementMixin(CoreOrderPlacementMixin):
    def send_order_placed_email(self, order):
        # Never inside the request: a worker sends it once the order is committed, and a
        # broker outage only delays it (the outbox keeps it).
        enqueue_on_commit(send_order_email, order.pk, "ORDER_PLACED")

    def restore_frozen_basket(self):
        """Oscar's, except that a basket that produced an order is never reopened."""
        basket_id = self.checkout_session.get_submitted_basket_id()
        with transaction.atomic():
            # Locked first: an order placed from it meanwhile is seen, not overwritten.
            if not Basket.objects.filter(pk=basket_id).lock():
                return
            basket = Basket.objects.get(pk=basket_id)
            if basket.is_submitted:
                logger.info("Basket %s produced an order; it stays submitted", basket_id)
                return
            basket.thaw()
            if self.request.basket.id != basket.id:
                basket.merge(self.request.basket)
                basket.strategy = self.request.basket.strategy
                self.request.basket = basket

    def update_address_book(self, user, addr):
        """Oscar's, safe when two checkouts of one shopper add the same address at once."""
        entry = self.address_book_entry(user, addr)
        counter = (
            "num_orders_as_billing_address"
            if isinstance(addr, BillingAddress)
            else "num_orders_as_shipping_address"
        )
        UserAddress.objects.filter(pk=entry.pk).update(**{counter: F(counter) + 1})

    def address_book_entry(self, user, addr):
        address_hash = addr.generate_hash()
        entry = user.addresses.filter(hash=address_hash).first()
        if entry is not None:
            return entry
        entry = UserAddress(user=user)
        addr.populate_alternative_model(entry)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:  # the other checkout added it first
            return user.addresses.get(hash=address_hash)
        return entry
