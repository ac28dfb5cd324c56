"""Refunds and cancellations, recorded as Oscar payment events.

Stripe reports refunds as a running total (`charge.amount_refunded`), so recording works
towards a total: the dashboard's refund and the webhook that follows it record the money once.
Statuses change only through the order event handler (`shop.order.processing`): a refund that
returns everything moves the order to Refunded through it, with what that brings.
"""

from dataclasses import dataclass
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


REFUND_PENDING = "refund-pending"


def refunded_so_far(order):
    events = order.payment_events.filter(event_type__code="refunded")
    return events.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def pending_refunds(order):
    """Refunds asked of the payment provider and not yet answered."""
    events = order.payment_events.filter(event_type__code=REFUND_PENDING)
    return events.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def refundable(order):
    return order.total_incl_tax - refunded_so_far(order) - pending_refunds(order)


def record_refund(order, *, total_refunded, reference, notify=True, settle=True, lines=()):
    """Record refunds up to `total_refunded`; returns the amount newly recorded.

    `lines` ties the refund to the order lines it pays back. With `settle`, an order paid back
    in full becomes Refunded through the order event handler; the handler itself records its
    refunds without it, as it is changing the status already.
    """
    with transaction.atomic():
        # Locked so two webhooks for the same charge cannot both record the difference.
        order = Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
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


@dataclass
class RefundRequest:
    """A refund recorded as pending on its order, to be sent once no lock is held."""

    pending: object  # the order's "refund-pending" PaymentEvent
    refunded_before: Decimal

    @property
    def amount(self):
        return self.pending.amount


def request_refund(order, amount, *, key) -> RefundRequest:
    """Record `amount` as pending on a locked order; the caller commits before calling Stripe.

    A pending refund counts against what is refundable, so a second request cannot take the
    same money meanwhile; one request per key (a booking, a dashboard click) at a time."""
    if order.payment_events.filter(event_type__code=REFUND_PENDING, reference=key).exists():
        raise RefundError("A refund of this is already under way: try again in a minute.")
    event_type, _ = PaymentEventType.objects.get_or_create(
        code=REFUND_PENDING, defaults={"name": "Refund pending"}
    )
    pending = PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=amount, reference=key
    )
    return RefundRequest(pending, refunded_so_far(order))


def send_refund(request: RefundRequest) -> str:
    """Ask the payment provider for a recorded refund, holding no lock; returns its reference.

    The idempotency key is the request's own: a retry of this request cannot refund twice. If
    the provider refuses, the pending record is dropped (in a short transaction of its own) and
    the provider's error is raised."""
    order = request.pending.order
    try:
        return take_back_payment(order, request.amount, key=request.pending.reference)
    except Exception:
        with transaction.atomic():
            PaymentEvent.objects.filter(pk=request.pending.pk).delete()
        raise


def settle_refund(request: RefundRequest, reference, **record_options) -> Decimal:
    """Inside the caller's transaction (order locked): the pending refund becomes a refund."""
    PaymentEvent.objects.filter(pk=request.pending.pk).delete()
    return record_refund(
        request.pending.order,
        total_refunded=request.refunded_before + request.amount,
        reference=reference,
        **record_options,
    )


def refund_order(order, amount, *, requested_by):
    """A staff refund from the dashboard: full or partial.

    Checked and recorded as pending under the order's lock, sent to Stripe after that commits,
    and recorded in a second short transaction, so no row stays locked while Stripe answers."""
    if amount <= 0:
        raise RefundError("Enter an amount above zero.")
    with transaction.atomic():
        order = order_event_handler().lock_for_change(order)
        available = refundable(order)
        if amount > available:
            raise RefundError(
                f"At most {format_money(available, order.currency)} can still be refunded."
            )
        already = refunded_so_far(order)
        request = request_refund(
            order, amount, key=f"{order.number}-{already}-{amount}-{requested_by.pk}"
        )
    reference = send_refund(request)
    with transaction.atomic():
        order_event_handler().lock_for_change(order)
        return settle_refund(request, reference)


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
