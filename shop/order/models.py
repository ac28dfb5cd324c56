from django.db import models
from oscar.apps.order.abstract_models import AbstractLine, AbstractOrder
from phonenumber_field.modelfields import PhoneNumberField

from shop import lines


class Order(AbstractOrder):
    disputed = models.BooleanField(
        default=False, help_text="The payment is disputed with the card issuer: staff must act."
    )
    # Who comes to the appointment: the provider calls this person, and emails greet them.
    booker_name = models.CharField("booker's name", max_length=255, blank=True)
    booker_phone = PhoneNumberField("booker's phone", blank=True)

    @property
    def greeting_name(self):
        """The first name to greet the customer by, or "" when none is known."""
        if self.booker_name:
            return self.booker_name.split()[0]
        if self.user_id and self.user.first_name:
            return self.user.first_name
        if self.shipping_address_id and self.shipping_address.first_name:
            return self.shipping_address.first_name
        return ""


class Line(AbstractLine):
    @property
    def description(self):
        """A booked time reads as a booking (pages and emails); anything else as Oscar's."""
        return lines.line_description(self) or super().description


from oscar.apps.order.models import *  # noqa: E402, F403
