"""Basket forms: a line may hold at most what its line handlers allow (a booked time: one)."""

from django import forms
from oscar.apps.basket import forms as core

from shop import lines


class BasketLineForm(core.BasketLineForm):
    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        limit = self.quantity_limit()
        if limit:
            self.fields["quantity"].widget.attrs["max"] = limit[0]

    def quantity_limit(self):
        product = self.instance.product if self.instance.pk else None
        return lines.line_quantity_limit(product) if product is not None else None

    def clean_quantity(self):
        quantity = super().clean_quantity()
        limit = self.quantity_limit()
        if limit and quantity > limit[0]:
            raise forms.ValidationError(limit[1])
        return quantity
