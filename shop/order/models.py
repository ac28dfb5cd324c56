from django.db import models
from oscar.apps.order.abstract_models import AbstractLine, AbstractOrder

from shop import lines


class Order(AbstractOrder):
    disputed = models.BooleanField(
        default=False, help_text="The payment is disputed with the card issuer: staff must act."
    )


class Line(AbstractLine):
    @property
    def description(self):
        """A booked time reads as a booking (pages and emails); anything else as Oscar's."""
        return lines.line_description(self) or super().description


from oscar.apps.order.models import *  # noqa: E402, F403
