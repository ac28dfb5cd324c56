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

    # The booker of the basket's appointments (name and phone, kept as text in the session).

    def set_booker_details(self, name, phone):
        self._set("booker", "name", name)
        self._set("booker", "phone", phone)

    def get_booker_details(self):
        return self._get("booker", "name"), self._get("booker", "phone")

    def is_booker_details_set(self):
        return bool(self._get("booker", "name") and self._get("booker", "phone"))
