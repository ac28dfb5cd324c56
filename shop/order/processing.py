"""Every change of an order's or a line's status, with what it brings, in one place.

The dashboard, the customer's cancel button, Stripe's webhook and beat tasks all change statuses
through `EventHandler`, so a status never changes without its consequences:

- Cancelled or Refunded: confirmed bookings are cancelled (their time is free again), stock still
  held for unshipped lines goes back on sale, and the money still owed back is refunded through
  the method that took it and recorded as a payment event;
- Shipped or Completed: the stock held for the lines that leave is used up;
- every change writes an order note, and the customer hears of the ones that concern them.

Each change runs in one transaction with the order row locked and does nothing when the order
already has the status asked for: a repeated request, or a webhook racing a dashboard click,
changes it once. The refund is recorded as pending with the change and sent to the payment
provider after the commit, holding no lock; one that fails is retried until it goes through.
"""

import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import (
    DecimalField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from oscar.apps.order import exceptions as order_exceptions
from oscar.apps.order.processing import EventHandler as CoreEventHandler
from oscar.apps.partner.exceptions import InvalidStockAdjustment
from oscar.core.loading import get_model

from outbox.delivery import enqueue_on_commit
from shop import lines as line_handlers
from shop.order.refunds import (
    CANCELLED,
    REFUND_PENDING,
    REFUNDED,
    complete_pending_refund,
    pending_refunds,
    refundable,
    refunded_so_far,
    request_refund,
)
from shop.tasks import send_order_email

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")

SHIPPED = "Shipped"
COMPLETED = "Completed"
# Statuses that end an order or line: its money goes back, its bookings and stock are released.
ENDED = (CANCELLED, REFUNDED)
# Statuses that say the goods have left: the stock held for them is used up.
HANDED_OVER = (SHIPPED, COMPLETED)
# Shipping event types (by code) that mean units left the warehouse.
DISPATCH_EVENT_CODES = {"shipped", "dispatched"}
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)


class StatusChangeRefused(order_exceptions.InvalidOrderStatus):
    """The order cannot take the status asked for; the message says why, for staff."""


class LineStatusChangeRefused(order_exceptions.InvalidLineStatus):
    """Some lines cannot take the status asked for; the message names them."""


@dataclass
class Consequences:
    """What a status change did, for its order note and the customer's email."""

    refunded: Decimal = ZERO
    bookings_cancelled: int = 0
    stock_released: int = 0  # lines whose held stock went back on sale
    stock_used: int = 0  # lines whose held stock left with the goods

    def describe(self, currency):
        parts = []
        if self.refunded:
            parts.append(f"Refunded {self.refunded} {currency}.")
        if self.bookings_cancelled:
            parts.append(f"Cancelled {plural(self.bookings_cancelled, 'booking')}.")
        if self.stock_released:
            parts.append(f"Released the stock held for {plural(self.stock_released, 'line')}.")
        if self.stock_used:
            parts.append(f"Took {plural(self.stock_used, 'line')} out of stock.")
        return " ".join(parts)


def with_consequences(note, outcome, currency):
    """The note asked for, as a sentence, followed by what the change did."""
    note = str(note).rstrip()
    if not note.endswith("."):
        note += "."
    return f"{note} {outcome.describe(currency)}".strip()


def digest(ids):
    """A short stable name for a set of ids (Stripe idempotency keys are at most 255 long)."""
    joined = ",".join(str(pk) for pk in sorted(ids))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


# Money
# -----


def paid_in(order) -> Decimal:
    """What the order's payment sources took (nothing for an order never paid)."""
    return order.sources.aggregate(total=Sum("amount_debited"))["total"] or ZERO


def owed_back(order) -> Decimal:
    """The money that ending the order gives back: taken, not yet refunded, not kept by policy."""
    given_back = refunded_so_far(order) + pending_refunds(order)
    unrefunded = min(refundable(order), paid_in(order) - given_back)
    return max(unrefunded - line_handlers.kept_by_policy(order), ZERO)


def refund(order, amount, *, purpose, lines=()) -> Decimal:
    """Record `amount` as a refund owed on the locked order and send it once that commits.

    The payment provider is never called while the order's lock is held: the status change
    commits with the refund pending, then `complete_pending_refund` sends it under the pending
    record's own idempotency key and records it. A refund that fails stays pending and the beat
    task `shop.tasks.retry_pending_refunds` completes it; no retry can refund twice."""
    if amount <= 0:
        return ZERO
    already = refunded_so_far(order) + pending_refunds(order)
    request = request_refund(
        order, amount, key=f"order-{order.number}-{purpose}-{already}-{amount}", lines=lines
    )
    transaction.on_commit(partial(complete_pending_refund, request.pending.pk), robust=True)
    return amount


# Stock
# -----


def holds_stock(line) -> bool:
    return bool(
        line.stockrecord_id
        and line.num_allocated
        and not line.allocation_cancelled
        and line.stockrecord.can_track_allocations
    )


def release_stock(line) -> bool:
    """Put the stock held for a line that will not ship back on sale; True if it held any."""
    if line.status in HANDED_OVER or not holds_stock(line):
        return False
    line.cancel_allocation(line.num_allocated)
    return True


def use_stock(line, quantity=None) -> bool:
    """Take units that left out of stock for good; True if the line held any."""
    if not holds_stock(line):
        return False
    quantity = min(quantity or line.num_allocated, line.num_allocated)
    try:
        line.consume_allocation(quantity)
    except InvalidStockAdjustment as error:
        raise StatusChangeRefused(
            f"The stock record of {line.title} holds fewer units than this order took: "
            "correct its stock first."
        ) from error
    return True


class EventHandler(CoreEventHandler):
    """Oscar's order event handler, doing what each change of status implies."""

    def __init__(self, user=None, *, by_customer=False, **kwargs):
        super().__init__(user, **kwargs)
        self.by_customer = by_customer

    @staticmethod
    def lock_for_change(order):
        """Lock what the line handlers change (bookings), then the order: the order in which
        booking changes lock them, so a customer cancelling a booking and staff cancelling its
        order cannot deadlock."""
        line_handlers.lock_order(order)
        return Order.objects.select_for_update(of=("self",)).get(pk=order.pk)

    # Orders
    # ------

    def handle_order_status_change(self, order, new_status, note_msg=None):
        with transaction.atomic():
            locked = self.lock_for_change(order)
            if locked.status != new_status:  # else done already: a repeat or a racing twin
                self.change_order_status(locked, new_status, note_msg)
        order.refresh_from_db()

    def change_order_status(self, order, new_status, note_msg=None, *, refunded_before=ZERO):
        """Change a locked order's status with its consequences; `refunded_before` is money its
        lines' changes already gave back in this request, for the customer's email."""
        self.validate_order_status_change(order, new_status)
        old_status = order.status
        outcome = Consequences()
        if new_status in ENDED:
            outcome = self.end_order(order, new_status)
        elif new_status in HANDED_OVER:
            outcome = Consequences(stock_used=sum(use_stock(line) for line in order.lines.all()))
        order.set_status(new_status)
        note = note_msg or f"Status changed from {old_status} to {new_status}."
        self.create_note(order, with_consequences(note, outcome, order.currency))
        logger.info(
            "Order %s: %s to %s. %s",
            order.number,
            old_status,
            new_status,
            outcome.describe(order.currency),
        )
        self.notify_status_change(order, new_status, refunded_before + outcome.refunded)
        return outcome

    def validate_order_status_change(self, order, new_status):
        allowed = order.available_statuses()
        if new_status not in allowed:
            choices = ", ".join(allowed) if allowed else "no other status"
            raise StatusChangeRefused(
                f"Order {order.number} is {order.status}: it can take {choices}, not {new_status}."
            )

    def end_order(self, order, new_status):
        """Cancel the bookings, release unshipped stock and refund all that is owed back."""
        reason = f"Order {order.number} {new_status.lower()}"
        lines = list(order.lines.all())
        outcome = Consequences(
            stock_released=sum(release_stock(line) for line in lines),
            # The whole order is paid back, so each line's (and booking's) share is too.
            bookings_cancelled=line_handlers.end_lines(
                order,
                lines,
                reason=reason,
                refunds={line.pk: line.line_price_incl_tax for line in lines},
            ),
        )
        # The payment provider last: if it refuses, nothing above is kept.
        outcome.refunded = refund(order, owed_back(order), purpose=new_status.lower())
        return outcome

    def settle_refunded_order(self, order):
        """Everything paid has come back (refunded in Stripe, on the dashboard or booking by
        booking): a locked order that may end as Refunded does, with what that brings."""
        if order.status != REFUNDED and REFUNDED in order.available_statuses():
            self.change_order_status(order, REFUNDED, "Paid back in full.")

    def repair_ended_order(self, order):
        """Finish what a cancelled or refunded order's status promised; idempotent."""
        with transaction.atomic():
            order = self.lock_for_change(order)
            if order.status not in ENDED:
                return Consequences()
            outcome = self.end_order(order, order.status)
            described = outcome.describe(order.currency)
            if described:
                self.create_note(order, f"Consistency check, order {order.status}: {described}")
                if outcome.refunded:
                    self.send_email(order, "ORDER_REFUNDED", {"amount": str(outcome.refunded)})
        return outcome

    def notify_status_change(self, order, new_status, refunded):
        if new_status == CANCELLED:
            self.send_email(
                order,
                "ORDER_CANCELLED",
                {"by_customer": self.by_customer, "refunded": str(refunded)},
            )
        elif new_status == REFUNDED and refunded > 0:
            self.send_email(order, "ORDER_REFUNDED", {"amount": str(refunded)})
        elif new_status == SHIPPED:
            self.send_email(order, "ORDER_SHIPPED")

    def send_email(self, order, event_code, extra=None):
        # Kept with the change and queued after the commit: a broker outage delays the email,
        # never loses it or fails the change.
        enqueue_on_commit(send_order_email, order.pk, event_code, extra)

    # Lines
    # -----

    def handle_line_status_change(self, order, lines, new_status, note_msg=None):
        """Change the lines' status with its consequences; lines already there are left alone."""
        with transaction.atomic():
            order = self.lock_for_change(order)
            wanted = {line.pk for line in lines}
            locked_lines = list(order.lines.filter(pk__in=wanted).order_by("pk"))
            if len(locked_lines) != len(wanted):
                raise LineStatusChangeRefused(f"Only lines of order {order.number} can change.")
            changing = [line for line in locked_lines if line.status != new_status]
            self.validate_line_status_change(changing, new_status)
            outcome = Consequences()
            if changing:
                outcome = self.change_line_statuses(order, changing, new_status, note_msg)
        for line in lines:
            line.refresh_from_db()
        return outcome

    def validate_line_status_change(self, lines, new_status):
        refused = [
            f"line {line.pk} ({line.title}) is {line.status}"
            for line in lines
            if new_status not in line.available_statuses()
        ]
        if refused:
            raise LineStatusChangeRefused(
                f"These lines cannot become {new_status}: " + "; ".join(refused) + "."
            )

    def change_line_statuses(self, order, lines, new_status, note_msg):
        if new_status in ENDED:
            outcome = self.end_lines(order, lines, new_status)
        elif new_status in HANDED_OVER:
            outcome = Consequences(stock_used=sum(use_stock(line) for line in lines))
        else:
            outcome = Consequences()
        changes = ", ".join(f"#{line.pk} {line.status} → {new_status}" for line in lines)
        for line in lines:
            line.set_status(new_status)
        note = note_msg or f"Line status changed: {changes}."
        self.create_note(order, with_consequences(note, outcome, order.currency))
        followed = self.order_follows_its_lines(order, refunded_before=outcome.refunded)
        if outcome.refunded and not followed:  # else the order's own email says it
            self.send_email(order, "ORDER_REFUNDED", {"amount": str(outcome.refunded)})
        return outcome

    def end_lines(self, order, lines, new_status):
        """Cancel the lines' bookings, release their stock and refund what they still owe."""
        shares = self.line_refunds(order, lines)
        outcome = Consequences(
            stock_released=sum(release_stock(line) for line in lines),
            bookings_cancelled=line_handlers.end_lines(
                order, lines, reason="Cancelled by the shop", refunds=shares
            ),
        )
        refunded_lines = [line for line in lines if shares[line.pk] > 0]
        outcome.refunded = refund(
            order,
            sum(shares.values(), ZERO),
            purpose=f"lines-{digest(line.pk for line in refunded_lines)}",
            lines=refunded_lines,
        )
        return outcome

    def line_refunds(self, order, lines):
        """Each line's price, within what the order still owes back. A line whose booking was
        cancelled already was settled by that cancellation, under its venue's policy."""
        settled = line_handlers.settled_line_ids(lines)
        left = owed_back(order)
        shares = {}
        for line in lines:
            due = ZERO if line.pk in settled else line.line_price_incl_tax
            shares[line.pk] = min(due, left)
            left -= shares[line.pk]
        return shares

    def order_follows_its_lines(self, order, *, refunded_before):
        """Once every line has ended, the order ends too (refunding what is left, such as
        delivery); returns whether it did."""
        statuses = set(order.lines.values_list("status", flat=True))
        if order.status in ENDED or not statuses <= set(ENDED):
            return False
        target = CANCELLED if statuses == {CANCELLED} else REFUNDED
        if target not in order.available_statuses():
            target = REFUNDED
        if target not in order.available_statuses():
            return False
        self.change_order_status(
            order,
            target,
            f"Every line is {'cancelled' if target == CANCELLED else 'ended'}.",
            refunded_before=refunded_before,
        )
        return True

    # Shipping
    # --------

    def handle_shipping_event(self, order, event_type, lines, line_quantities, **kwargs):
        """Record a shipping event; units dispatched leave stock, and a line that has gone in
        full becomes Shipped."""
        lines = list(lines)
        with transaction.atomic():
            order = self.lock_for_change(order)
            fresh = order.lines.in_bulk([line.pk for line in lines])
            if len(fresh) != len({line.pk for line in lines}):
                raise order_exceptions.InvalidShippingEvent(
                    f"Only lines of order {order.number} can ship with it."
                )
            lines = [fresh[line.pk] for line in lines]
            self.validate_shipping_event(order, event_type, lines, line_quantities, **kwargs)
            event = self.create_shipping_event(order, event_type, lines, line_quantities, **kwargs)
            if event_type.code in DISPATCH_EVENT_CODES:
                for line, quantity in zip(lines, line_quantities, strict=True):
                    use_stock(line, quantity)
                    gone = line.has_shipping_event_occurred(event_type)
                    if gone and SHIPPED in line.available_statuses():
                        line.set_status(SHIPPED)
        return event

    def validate_shipping_event(self, order, event_type, lines, line_quantities, **kwargs):
        if order.status in ENDED:
            raise order_exceptions.InvalidShippingEvent(
                f"Order {order.number} is {order.status.lower()}: nothing more ships."
            )
        ended = [f"#{line.pk} {line.title}" for line in lines if line.status in ENDED]
        if ended:
            raise order_exceptions.InvalidShippingEvent(
                "These lines have ended and do not ship: " + ", ".join(ended) + "."
            )
        super().validate_shipping_event(order, event_type, lines, line_quantities, **kwargs)


# The nightly consistency check
# -----------------------------


@dataclass
class Inconsistency:
    order: Order
    confirmed_bookings: int
    owed: Decimal

    def describe(self):
        problems = []
        if self.confirmed_bookings:
            problems.append(f"{plural(self.confirmed_bookings, 'confirmed booking')}")
        if self.owed:
            problems.append(f"{self.owed} {self.order.currency} not refunded")
        return f"Order {self.order.number} ({self.order.status}): " + ", ".join(problems)


def ended_orders_still_holding():
    """Cancelled or refunded orders that still hold a confirmed booking or money owed back."""
    paid = (
        Source.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(total=Sum("amount_debited"))
        .values("total")
    )
    refunded = (
        # Pending refunds are on their way (and retried): not owed.
        PaymentEvent.objects.filter(
            order=OuterRef("pk"), event_type__code__in=("refunded", REFUND_PENDING)
        )
        .values("order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    none = Value(ZERO, output_field=MONEY)
    kept = sum(
        (
            Coalesce(Subquery(total, output_field=MONEY), none)
            for total in line_handlers.kept_by_policy_totals(OuterRef("pk"))
        ),
        none,
    )
    holds_something = Q(*line_handlers.still_held(OuterRef("pk")), _connector=Q.OR)
    candidates = (
        Order.objects.filter(status__in=ENDED)
        .annotate(
            owed_estimate=Coalesce(Subquery(paid, output_field=MONEY), none)
            - Coalesce(Subquery(refunded, output_field=MONEY), none)
            - kept,
        )
        .filter(holds_something | Q(owed_estimate__gt=0))
        .order_by("pk")
    )
    for order in candidates:
        confirmed = line_handlers.count_still_held(order)
        owed = owed_back(order)
        if confirmed or owed:
            yield Inconsistency(order, confirmed, owed)
