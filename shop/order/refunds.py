"""Refunds and cancellations, recorded as Oscar payment events.

Stripe reports refunds as a running total (`charge.amount_refunded`), so recording works
towards a total: the dashboard's refund and the webhook that follows it record the money once.
Statuses change only through the order event handler (`shop.order.processing`): a refund that
returns everything moves the order to Refunded through it, with what that brings.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from outbox.delivery import enqueue_on_commit
from shop import lines as line_handlers
from shop.money import format_money
from shop.payment import stripe_gateway
from shop.tasks import send_order_email

logger = logging.getLogger(__name__)

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


def take_back_payment(order, amount, *, key, look_first=False):
    """Send the money back through whatever took it; the demo method took nothing.

    With `look_first` (a retry), a refund the provider already made under `key` is found
    rather than made again, however long ago the first attempt was."""
    source = order.sources.select_related("source_type").first()
    if source and source.source_type.code == "stripe":
        made = look_first and stripe_gateway.find_refund(source.reference, key=key)
        refund = made or stripe_gateway.refund(
            source.reference, amount=amount, currency=order.currency, key=key
        )
        return refund.id
    return f"{key}-demo"


@dataclass
class RefundRequest:
    """A refund recorded as pending on its order, to be sent once no lock is held."""

    pending: object  # the order's "refund-pending" PaymentEvent

    @property
    def amount(self):
        return self.pending.amount


def request_refund(order, amount, *, key, lines=()) -> RefundRequest:
    """Record `amount` as pending on a locked order; the caller commits before calling Stripe.

    A pending refund counts against what is refundable, so a second request cannot take the
    same money meanwhile; one request per key (a booking, a dashboard click) at a time. The
    key is also the refund's idempotency key at the payment provider."""
    if order.payment_events.filter(event_type__code=REFUND_PENDING, reference=key).exists():
        raise RefundError("A refund of this is already under way: try again in a minute.")
    event_type, _ = PaymentEventType.objects.get_or_create(
        code=REFUND_PENDING, defaults={"name": "Refund pending"}
    )
    pending = PaymentEvent.objects.create(
        order=order, event_type=event_type, amount=amount, reference=key
    )
    for line in lines:
        pending.line_quantities.create(line=line, quantity=line.quantity)
    return RefundRequest(pending)


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
    """Inside the caller's transaction (order locked): the pending refund becomes a refund.

    Settling twice records it once: the second finds nothing pending. Stripe's
    `charge.refunded` webhook leaves pending money to this (see `record_provider_total`)."""
    pending = PaymentEvent.objects.filter(pk=request.pending.pk, event_type__code=REFUND_PENDING)
    lines = [quantity.line for quantity in request.pending.line_quantities.select_related("line")]
    if not pending.delete()[0]:
        return Decimal("0.00")
    order = request.pending.order
    return record_refund(
        order,
        total_refunded=refunded_so_far(order) + request.amount,
        reference=reference,
        lines=lines,
        **record_options,
    )


# Keys of the refunds a status change leaves pending; any other pending refund is an
# interrupted request whose change did not happen (see `stale_interrupted_refunds`).
STATUS_CHANGE_KEY_PREFIX = "order-"
# A pending refund younger than this may still be being sent by the request that made it.
RETRY_AFTER = timedelta(minutes=2)


def complete_pending_refund(pending_id, *, retry=False) -> bool:
    """Send a pending refund, holding no lock, then record it; True once it is recorded.

    A failure is logged and leaves it pending for `retry_pending_refunds`."""
    pending = (
        PaymentEvent.objects.select_related("order")
        .filter(pk=pending_id, event_type__code=REFUND_PENDING)
        .first()
    )
    if pending is None:
        return True  # settled already
    order = pending.order
    try:
        reference = take_back_payment(
            order, pending.amount, key=pending.reference, look_first=retry
        )
    except Exception:
        logger.exception(
            "Refund %s of %s %s for order %s failed; it stays pending and is retried",
            pending.reference,
            pending.amount,
            order.currency,
            order.number,
        )
        return False
    with transaction.atomic():
        Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
        # The status change's own email and note said it; its status is set already.
        settle_refund(RefundRequest(pending), reference, notify=False, settle=False)
    return True


def refunds_to_retry(now=None):
    """Pending refunds whose status change has committed and that nobody is sending now."""
    cutoff = (now or timezone.now()) - RETRY_AFTER
    return PaymentEvent.objects.filter(
        event_type__code=REFUND_PENDING,
        reference__startswith=STATUS_CHANGE_KEY_PREFIX,
        date_created__lte=cutoff,
    ).order_by("pk")


def stale_interrupted_refunds(now=None):
    """Pending refunds of a booking cancellation or dashboard refund whose request died between
    its two transactions: its change did not happen, so staff decide (the provider's dashboard
    shows whether the money went)."""
    cutoff = (now or timezone.now()) - timedelta(hours=1)
    return PaymentEvent.objects.filter(
        event_type__code=REFUND_PENDING, date_created__lte=cutoff
    ).exclude(reference__startswith=STATUS_CHANGE_KEY_PREFIX)


def record_provider_total(order, total_refunded, *, reference):
    """What the payment provider reports as refunded in all, less what is still pending here:
    a refund sent but not yet settled is recorded by its settlement, not twice."""
    return record_refund(
        order, total_refunded=total_refunded - pending_refunds(order), reference=reference
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
