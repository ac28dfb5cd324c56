"""Stripe through its official SDK. Every create call carries an idempotency key."""

import json
import time

import stripe
from django.conf import settings

from .stripe_amounts import from_minor_units, to_minor_units  # noqa: F401 (callers use them here)

# Tests hand the SDK an HTTP client that answers like Stripe; production uses the SDK's own.
http_client = None


def is_configured():
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def client():
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, http_client=http_client, max_network_retries=2
    )


def create_intent(*, order_number, amount, currency, email, basket_id):
    minor = to_minor_units(amount, currency)
    return client().v1.payment_intents.create(
        params={
            "amount": minor,
            "currency": currency.lower(),
            "automatic_payment_methods": {"enabled": True},
            "description": f"Order {order_number}",
            "receipt_email": email or None,
            "metadata": {"order_number": order_number, "basket_id": str(basket_id)},
        },
        options={"idempotency_key": f"intent-{order_number}-{minor}-{currency.lower()}"},
    )


def update_intent_amount(intent_id, *, amount, currency):
    return client().v1.payment_intents.update(
        intent_id, params={"amount": to_minor_units(amount, currency)}
    )


def retrieve_intent(intent_id):
    return client().v1.payment_intents.retrieve(intent_id)


def refund(intent_id, *, amount, currency, key):
    """Refund `amount` (or everything when None); `key` makes a retried refund a no-op.

    Stripe forgets idempotency keys after a day, so the key is kept on the refund's metadata
    too: `find_refund` finds it whenever a retry comes."""
    params = {"payment_intent": intent_id, "metadata": {"refund_key": key}}
    if amount is not None:
        params["amount"] = to_minor_units(amount, currency)
    return client().v1.refunds.create(params=params, options={"idempotency_key": f"refund-{key}"})


def find_refund(intent_id, *, key):
    """The refund already made on this payment under `key`, or None."""
    refunds = client().v1.refunds.list(params={"payment_intent": intent_id, "limit": 100})
    for made in refunds.auto_paging_iter():
        metadata = made.metadata.to_dict() if made.metadata else {}
        if metadata.get("refund_key") == key:
            return made
    return None


# How far a signature's timestamp may be from our clock, either way, in seconds.
WEBHOOK_TOLERANCE_SECONDS = stripe.Webhook.DEFAULT_TOLERANCE


def signed_at(signature: str) -> int | None:
    """The `t=` timestamp of a Stripe-Signature header, or None."""
    for item in signature.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isascii() and value.isdecimal():
            return int(value)
    return None


def construct_event(payload: bytes, signature: str, *, now=None):
    """Raises ValueError or stripe.SignatureVerificationError for anything not from Stripe.

    The SDK refuses old signatures only; one dated in the future is refused here too, so a
    leaked signing secret cannot pre-sign events. A signed body that is not one JSON event
    object is a ValueError, not a crash further on.
    """
    stripe.WebhookSignature.verify_header(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS
    )
    timestamp = signed_at(signature)
    now = time.time() if now is None else now
    if timestamp is None or abs(now - timestamp) > WEBHOOK_TOLERANCE_SECONDS:
        raise stripe.SignatureVerificationError(
            "Timestamp outside the tolerance zone", signature, payload
        )
    data = json.loads(payload)
    if not (
        isinstance(data, dict)
        and isinstance(data.get("id"), str)
        and isinstance(data.get("type"), str)
        and isinstance(data.get("data"), dict)
        and isinstance(data["data"].get("object"), dict)
    ):
        raise ValueError("The payload is not a Stripe event.")
    return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
