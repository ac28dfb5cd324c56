"""Stripe webhooks: the source of truth for payments.

Each event is verified against STRIPE_WEBHOOK_SECRET and stored by id in the same transaction
that handles it: a replay finds the id and does nothing, and a failure rolls the id back and
answers 500 so Stripe delivers the event again later.
"""

import logging

import stripe
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from outbox.delivery import enqueue_on_commit
from shop.checkout.placement import lock_intent_and_its_basket, place_order_for_intent
from shop.order.refunds import order_event_handler, record_provider_total
from shop.payment import stripe_gateway
from shop.tasks import alert_staff, send_payment_failed_email

logger = logging.getLogger(__name__)

OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Source = get_model("payment", "Source")
StripeEvent = get_model("payment", "StripeEvent")
StripePaymentIntent = get_model("payment", "StripePaymentIntent")


class RetryLater(Exception):
    """The event depends on something not there yet (e.g. a refund before its order)."""


def on_payment_succeeded(intent):
    if not StripePaymentIntent.objects.filter(intent_id=intent.id).exists():
        logger.info("Ignoring payment %s: not started by this site", intent.id)
        return
    place_order_for_intent(intent)


def on_payment_failed(intent):
    if not StripePaymentIntent.objects.filter(intent_id=intent.id, order=None).exists():
        return
    # Basket, then intent: the order placement takes them in, so a failure racing a success
    # for the same basket waits instead of deadlocking.
    record = lock_intent_and_its_basket(intent.id)
    if record.order_id:  # the order was placed meanwhile
        return
    error = getattr(intent, "last_payment_error", None)
    record.status = StripePaymentIntent.Status.FAILED
    record.failure_reason = error.message if error else "The payment was declined."
    record.save(update_fields=["status", "failure_reason", "updated"])
    email = record.checkout.get("email")
    if record.thaw_basket() and email:
        reason = record.failure_reason
        enqueue_on_commit(send_payment_failed_email, email, reason)


def record_for_charge(charge):
    record = (
        StripePaymentIntent.objects.select_related("order")
        .filter(intent_id=charge.payment_intent)
        .first()
    )
    if record is None:
        return None
    if record.order is None and record.status not in StripePaymentIntent.GIVEN_UP:
        raise RetryLater(f"No order yet for payment {charge.payment_intent}")
    return record


def on_charge_refunded(charge):
    record = record_for_charge(charge)
    if record is None or record.order is None:
        return
    refunded = stripe_gateway.from_minor_units(charge.amount_refunded, charge.currency)
    # Locked the way status changes lock it: a refund in full ends the order through the
    # order event handler, which releases its bookings and stock.
    order = order_event_handler().lock_for_change(record.order)
    record_provider_total(order, refunded, reference=charge.id)


def on_dispute_created(dispute):
    record = record_for_charge(dispute)
    if record is None or record.order is None:
        return
    order = record.order
    order.disputed = True
    order.save(update_fields=["disputed"])
    OrderNote.objects.create(
        order=order,
        note_type="System",
        message=f"Payment disputed ({dispute.reason}): Stripe dispute {dispute.id}.",
    )
    enqueue_on_commit(
        alert_staff,
        f"Payment disputed on order {order.number}",
        f"The card holder disputed the payment for order {order.number} "
        f"(reason: {dispute.reason}). Respond in the Stripe dashboard: dispute {dispute.id}.",
    )


HANDLERS = {
    "payment_intent.succeeded": on_payment_succeeded,
    "payment_intent.payment_failed": on_payment_failed,
    "charge.refunded": on_charge_refunded,
    "charge.dispute.created": on_dispute_created,
}


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = stripe_gateway.construct_event(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("Invalid payload or signature")
    try:
        with transaction.atomic():
            if not first_delivery(event):
                return HttpResponse("Already processed")
            handler = HANDLERS.get(event.type)
            if handler:
                handler(event.data.object)
    except RetryLater as reason:
        logger.info("Webhook %s (%s) deferred: %s", event.id, event.type, reason)
        return HttpResponse(f"Not ready: {reason}", status=409)
    except Exception:
        logger.exception("Webhook %s (%s) failed; Stripe will retry", event.id, event.type)
        return HttpResponse("Processing failed", status=500)
    return HttpResponse("OK")


def first_delivery(event):
    """Record the event id; False if it was already handled (a replay or a concurrent twin)."""
    try:
        with transaction.atomic():
            StripeEvent.objects.create(event_id=event.id, type=event.type)
    except IntegrityError:
        return False
    return True
