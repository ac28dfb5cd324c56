from oscar.apps.checkout.utils import CheckoutSessionData as CoreCheckoutSessionData


class CheckoutSessionData(CoreCheckoutSessionData):
    """Oscar's checkout session, which also remembers the basket the shopper last reviewed.

    Every "Place order" request of one checkout, however many arrive at once, carries that
    id in its session, so a request that comes second can still find the order the first made.
    """

    def set_reviewed_basket(self, basket):
        if basket.id and basket.id != self.get_reviewed_basket_id():
            self._set("submission", "reviewed_basket_id", basket.id)

    def get_reviewed_basket_id(self):
        return self._get("submission", "reviewed_basket_id")
