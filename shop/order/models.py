from django.db import models
from oscar.apps.order.abstract_models import AbstractOrder


class Order(AbstractOrder):
    disputed = models.BooleanField(
        default=False, help_text="The payment is disputed with the card issuer: staff must act."
    )


from oscar.apps.order.models import *  # noqa: E402, F403
