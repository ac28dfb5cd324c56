"""Placing an order from a paid PaymentIntent, with or without the shopper's session.

When Stripe Elements starts a payment, the basket is frozen and the checkout session (address,
delivery method, guest email) is stored on the intent row. Whichever arrives first, the shopper
coming back from Stripe or the `payment_intent.succeeded` webhook, places the order from that
snapshot under row locks (the basket's, then the intent's: the order every checkout path
takes them in); the other finds the order already there. If the order cannot be placed after
the money was taken, the intent is marked as being refunded and staff are told; the refund goes
to Stripe once that has committed (no lock held), and is retried until it goes through.
"""

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_class, get_model

from outbox.delivery import enqueue_on_commit
from shop.order.refunds import RETRY_AFTER
from shop.payment import stripe_gateway
from shop.tasks import alert_staff, send_order_email

logger = logging.getLogger(__name__)

OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")
Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
StripePaymentIntent = get_model("payment", "StripePaymentIntent")

ADDRESS_FIELDS = [
    "title", "first_name", "last_name", "line1", "line2", "line3", "line4", "state",
    "postcode", "phone_number", "notes",
]  # fmt: skip


class PaymentMismatch(UnableToPlaceOrder):
    """Stripe's intent does not match what was frozen (amount, currency or status)."""


def snapshot_checkout(submission):
    """What `build_submission` found in the session, as JSON for the intent row."""
    address = submission["shipping_address"]
    method = submission["shipping_method"]
    user = submission["user"]
    guest_email = submission["order_kwargs"].get("guest_email")
    return {
        "user_id": user.pk if user.is_authenticated else None,
        "guest_email": guest_email,
        # Where payment receipts and failure notices go, guest or not.
        "email": guest_email or user.email,
        "shipping_method": method.code if method else None,
        # Who comes to the basket's appointments (empty when nothing is booked).
        "booker_name": submission["order_kwargs"].get("booker_name", ""),
        "booker_phone": str(submission["order_kwargs"].get("booker_phone", "")),
        "shipping_address": (
            {field: str(getattr(address, field) or "") for field in ADDRESS_FIELDS}
            | {"country_id": address.country_id}
            if address
            else None
        ),
    }


def frozen_submission(basket, checkout):
    """Rebuild the order submission from a snapshot, outside any request."""
    user = get_user_model().objects.filter(pk=checkout["user_id"]).first()
    basket.strategy = Selector().strategy(user=user)
    address = (
        ShippingAddress(**checkout["shipping_address"]) if checkout["shipping_address"] else None
    )
    methods = Repository().get_shipping_methods(basket=basket, user=user, shipping_addr=address)
    method = next((m for m in methods if m.code == checkout["shipping_method"]), None)
    if method is None:
        method = Repository().get_default_shipping_method(basket=basket, shipping_addr=address)
    charge = method.calculate(basket)
    return {
        "user": user,
        "shipping_address": address,
        "shipping_method": method,
        "shipping_charge": charge,
        "total": OrderTotalCalculator().calculate(basket, charge),
        "guest_email": checkout["guest_email"],
        # Snapshots taken before the booker's details were asked have none.
        "booker_name": checkout.get("booker_name", ""),
        "booker_phone": checkout.get("booker_phone", ""),
    }


def record_stripe_payment(order, intent, amount):
    source_type, _ = SourceType.objects.get_or_create(
        code="stripe", defaults={"name": "Card (Stripe)"}
    )
    Source.objects.create(
        order=order,
        source_type=source_type,
        currency=order.currency,
        amount_allocated=amount,
        amount_debited=amount,
        reference=intent.id,
    )
    paid, _ = PaymentEventType.objects.get_or_create(code="paid", defaults={"name": "Paid"})
    PaymentEvent.objects.create(order=order, event_type=paid, amount=amount, reference=intent.id)


def check_intent(record, intent):
    expected = stripe_gateway.to_minor_units(record.amount, record.currency)
    if intent.amount_received != expected or intent.currency != record.currency.lower():
        raise PaymentMismatch(
            f"Payment {intent.id} took {intent.amount_received} {intent.currency}; "
            f"the order needs {expected} {record.currency.lower()}."
        )


def place_order_for_intent(intent):
    """Return the order for a succeeded PaymentIntent, placing it if nobody has yet.

    Returns None while the payment has not succeeded, and when the order could not be placed
    (the payment has then been refunded).
    """
    if intent.status != "succeeded":
        return None
    with transaction.atomic():
        record = lock_intent_and_its_basket(intent.id)
        if record.order_id:
            return record.order
        if record.status in StripePaymentIntent.GIVEN_UP:
            return None
        try:
            with transaction.atomic():
                order = place_order(record, intent)
        except UnableToPlaceOrder as error:
            give_up_unplaceable(record, intent, str(error))
            return None
        record.order = order
        record.status = StripePaymentIntent.Status.SUCCEEDED
        record.save(update_fields=["order", "status", "updated"])
    return order


def lock_intent_and_its_basket(intent_id):
    basket_id = (
        StripePaymentIntent.objects.filter(intent_id=intent_id)
        .values_list("basket_id", flat=True)
        .get()
    )
    Basket.objects.filter(pk=basket_id).lock()
    return StripePaymentIntent.objects.select_for_update().get(intent_id=intent_id)


def place_order(record, intent):
    check_intent(record, intent)
    basket = Basket.objects.get(pk=record.basket_id)
    submission = frozen_submission(basket, record.checkout)
    if submission["total"].incl_tax != record.amount:
        raise PaymentMismatch(
            f"Basket {basket.pk} now totals {submission['total'].incl_tax}, "
            f"but {record.amount} was paid."
        )
    if submission["shipping_address"]:
        submission["shipping_address"].save()
    order = OrderCreator().place_order(
        basket=basket,
        total=submission["total"],
        shipping_method=submission["shipping_method"],
        shipping_charge=submission["shipping_charge"],
        user=submission["user"],
        shipping_address=submission["shipping_address"],
        order_number=record.order_number,
        # Signed-in shoppers have no guest email; Oscar's column takes no NULL.
        guest_email=submission["guest_email"] or "",
        booker_name=submission["booker_name"],
        booker_phone=submission["booker_phone"],
    )
    record_stripe_payment(order, intent, record.amount)
    basket.submit()
    enqueue_on_commit(send_order_email, order.pk, "ORDER_PLACED")
    logger.info("Order %s placed from payment %s", order.number, intent.id)
    return order


def give_up_unplaceable(record, intent, reason):
    """The shopper paid but no order could be made: the money is to go back, staff are told.

    Stripe is asked once this commits (`refund_unplaceable`), with no lock held."""
    logger.error("Payment %s taken but order %s failed: %s", intent.id, record.order_number, reason)
    record.status = StripePaymentIntent.Status.REFUNDING
    record.failure_reason = reason
    record.save(update_fields=["status", "failure_reason", "updated"])
    record.thaw_basket()
    transaction.on_commit(partial(refund_unplaceable, record.pk), robust=True)
    enqueue_on_commit(
        alert_staff,
        f"Payment refunded: order {record.order_number} could not be placed",
        f"Stripe payment {intent.id} for {record.amount} {record.currency} succeeded, but "
        f"the order could not be placed ({reason}). The payment is refunded in full.",
    )


def refund_unplaceable(record_pk, *, retry=False) -> bool:
    """Refund a given-up payment in full, holding no lock; True once Stripe has refunded it.

    Keyed by the payment, so however often this runs, Stripe refunds it once. A failure is
    logged and left for the beat task `shop.tasks.retry_pending_refunds`."""
    record = StripePaymentIntent.objects.filter(
        pk=record_pk, status=StripePaymentIntent.Status.REFUNDING
    ).first()
    if record is None:
        return True
    key = f"unplaceable-{record.intent_id}"
    try:
        made = retry and stripe_gateway.find_refund(record.intent_id, key=key)
        if not made:
            stripe_gateway.refund(record.intent_id, amount=None, currency=record.currency, key=key)
    except Exception:
        logger.exception("Refund of unplaceable payment %s failed; it is retried", record.intent_id)
        return False
    StripePaymentIntent.objects.filter(
        pk=record.pk, status=StripePaymentIntent.Status.REFUNDING
    ).update(status=StripePaymentIntent.Status.REFUNDED)
    return True


def unplaceable_to_refund(now=None):
    """Given-up payments whose refund has not gone through, past the request that made them."""
    cutoff = (now or timezone.now()) - RETRY_AFTER
    return StripePaymentIntent.objects.filter(
        status=StripePaymentIntent.Status.REFUNDING, updated__lte=cutoff
    ).order_by("pk")
