"""Basket forms: a line holding a booked time is for one place."""

from django import forms
from oscar.apps.basket import forms as core

from venues.services import VENUE_SERVICE_CLASS


class BasketLineForm(core.BasketLineForm):
    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        if self.holds_a_booking():
            self.fields["quantity"].widget.attrs["max"] = 1

    def holds_a_booking(self):
        product = self.instance.product if self.instance.pk else None
        return product is not None and product.get_product_class().slug == VENUE_SERVICE_CLASS

    def clean_quantity(self):
        quantity = super().clean_quantity()
        if quantity > 1 and self.holds_a_booking():
            raise forms.ValidationError(
                "A booked time holds one place. To book another place, choose a time again."
            )
        return quantity
