"""Refunds and cancellations, recorded as Oscar payment events.

Stripe reports refunds as a running total (`charge.amount_refunded`), so recording works
towards a total: the dashboard's refund and the webhook that follows it record the money once.
Statuses change only through the order event handler (`shop.order.processing`): a refund that
returns everything moves the order to Refunded through it, with what that brings.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from oscar.core.loading import get_class, get_model

from outbox.delivery import enqueue_on_commit
from shop import lines as line_handlers
from shop.money import format_money
from shop.payment import stripe_gateway
from shop.tasks import send_order_email

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")

REFUNDED = "Refunded"
CANCELLED = "Cancelled"


class RefundError(Exception):
    """A refund that cannot be made; the message is for the person who asked."""


def refunded_so_far(order):
    events = order.payment_events.filter(event_type__code="refunded")
    return events.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def refundable(order):
    return order.total_incl_tax - refunded_so_far(order)


def record_refund(order, *, total_refunded, reference, notify=True, settle=True, lines=()):
    """Record refunds up to `total_refunded`; returns the amount newly recorded.

    `lines` ties the refund to the order lines it pays back. With `settle`, an order paid back
    in full becomes Refunded through the order event handler; the handler itself records its
    refunds without it, as it is changing the status already.
    """
    with transaction.atomic():
        # Locked so two webhooks for the same charge cannot both record the difference.
        order = Order.objects.select_for_update().get(pk=order.pk)
        new_money = total_refunded - refunded_so_far(order)
        if new_money <= 0:
            return Decimal("0.00")
        event_type, _ = PaymentEventType.objects.get_or_create(
            code="refunded", defaults={"name": "Refunded"}
        )
        event = PaymentEvent.objects.create(
            order=order, event_type=event_type, amount=new_money, reference=reference
        )
        for line in lines:
            event.line_quantities.create(line=line, quantity=line.quantity)
        source = order.sources.first()
        if source:
            source.refund(new_money, reference=reference)
        if notify:
            enqueue_on_commit(
                send_order_email, order.pk, "ORDER_REFUNDED", {"amount": str(new_money)}
            )
        if settle and total_refunded >= order.total_incl_tax:
            order_event_handler()().settle_refunded_order(order)
    return new_money


def order_event_handler():
    # Loaded when used: the handler imports this module.
    return get_class("order.processing", "EventHandler")


def take_back_payment(order, amount, *, key):
    """Send the money back through whatever took it; the demo method took nothing."""
    source = order.sources.select_related("source_type").first()
    if source and source.source_type.code == "stripe":
        refund = stripe_gateway.refund(
            source.reference, amount=amount, currency=order.currency, key=key
        )
        return refund.id
    return f"{key}-demo"


def refund_order(order, amount, *, requested_by):
    """A staff refund from the dashboard: full or partial."""
    with transaction.atomic():
        order = order_event_handler().lock_for_change(order)
        if amount <= 0:
            raise RefundError("Enter an amount above zero.")
        available = refundable(order)
        if amount > available:
            raise RefundError(
                f"At most {format_money(available, order.currency)} can still be refunded."
            )
        already = refunded_so_far(order)
        reference = take_back_payment(
            order, amount, key=f"{order.number}-{already}-{amount}-{requested_by.pk}"
        )
        return record_refund(order, total_refunded=already + amount, reference=reference)


class CannotCancel(Exception):
    pass


def cancel_order(order):
    """The customer cancels before shipping: stock released, everything paid refunded, emailed.

    An order holding confirmed bookings is refused: each booking has its venue's cancellation
    policy, which may keep part of the money, while a cancelled order has given everything
    back. The customer cancels those bookings under My bookings first.
    """
    handler = order_event_handler()(by_customer=True)
    with transaction.atomic():
        order = handler.lock_for_change(order)
        if order.status not in settings.SHOP_CANCELLABLE_STATUSES:
            raise CannotCancel(
                f"Order {order.number} is {order.status.lower()} and can no longer be cancelled."
            )
        # A line handler may refuse (bookings: each is cancelled under its own policy).
        refusal = line_handlers.refuse_customer_cancellation(order)
        if refusal:
            raise CannotCancel(refusal)
        handler.handle_order_status_change(order, CANCELLED, note_msg="Cancelled by the customer.")
    return order
