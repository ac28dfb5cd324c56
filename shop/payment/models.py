"""Stripe payments: one row per PaymentIntent and one per webhook event received."""

from django.db import models
from django.utils import timezone

from shop import lines


class StripePaymentIntent(models.Model):
    """A PaymentIntent and everything needed to place its order without the shopper's session.

    The order number is reserved when the intent is created and is unique, and `order` is
    one-to-one: however often Stripe or the shopper come back, one intent gives one order.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting payment"
        PROCESSING = "processing", "Payment processing"
        SUCCEEDED = "succeeded", "Paid, order placed"
        FAILED = "failed", "Payment failed"
        REFUNDING = "refunding", "Paid, order could not be placed, refund on its way"
        REFUNDED = "refunded", "Paid, order could not be placed, refunded"

    # Given up on: no order will come of it, and its money goes (or went) back.
    GIVEN_UP = (Status.REFUNDING, Status.REFUNDED)

    intent_id = models.CharField(max_length=255, unique=True)
    basket = models.ForeignKey(
        "basket.Basket", null=True, on_delete=models.SET_NULL, related_name="stripe_intents"
    )
    order_number = models.CharField(max_length=128, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=12)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    checkout = models.JSONField(help_text="The checkout session frozen with the basket.")
    order = models.OneToOneField(
        "order.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stripe_intent",
    )
    failure_reason = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.intent_id} ({self.get_status_display()})"

    def thaw_basket(self):
        """Give the shopper their basket back after a payment that did not go through.

        Returns whether it was still frozen (so nobody else had thawed it already). A basket
        that produced an order (under this intent or another) is Submitted and stays so."""
        from django.apps import apps

        Basket = apps.get_model("basket", "Basket")
        thawed = bool(Basket.objects.filter(pk=self.basket_id).thaw_frozen())
        if thawed:
            # What its lines held (booked slots) is free for others again; checking out anew
            # retakes it if still free.
            lines.release_basket(self.basket_id)
        return thawed


class StripeEvent(models.Model):
    """Each webhook event is handled once: a replay finds its id here and does nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


from oscar.apps.payment.models import *  # noqa: E402, F403
