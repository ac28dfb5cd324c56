"""Shop emails and housekeeping; every email leaves through a task, after the commit."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from core.emails import build_message

logger = logging.getLogger(__name__)

Dispatcher = get_class("communication.utils", "Dispatcher")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")
Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")


def order_status_path(order):
    """Owners see the order in their account; guests through a signed link."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse(
        "customer:anon-order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_order_email(order_id, event_code, extra=None):
    """Render an order communication event type (ORDER_PLACED, ...) and send it."""
    order = Order.objects.select_related("user", "shipping_address").get(pk=order_id)
    site = Site.objects.get_current()
    context = {
        "order": order,
        "lines": order.lines.all(),
        "site": site,
        "status_path": order_status_path(order),
        "status_url": f"{settings.OSCAR_URL_SCHEMA}://{site.domain}{order_status_path(order)}",
        **(extra or {}),
    }
    dispatcher = OrderDispatcher(logger=logger)
    messages = dispatcher.dispatcher.get_messages(event_code, context)
    dispatcher.dispatch_order_messages(order, messages, event_code)


def staff_emails():
    group_emails = (
        Group.objects.filter(name="Shop staff")
        .values_list("user__email", flat=True)
        .exclude(user__email="")
        .exclude(user__email=None)
    )
    return sorted({*settings.SHOP_STAFF_EMAILS, *group_emails})


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def alert_staff(subject, message):
    recipients = staff_emails()
    if not recipients:
        logger.warning("No shop staff to alert: %s", subject)
        return
    build_message(f"[{settings.SITE_NAME}] {subject}", message, recipients).send()


@shared_task
def expire_stale_baskets():
    """Delete open baskets nobody has touched for SHOP_BASKET_EXPIRY_HOURS.

    Frozen baskets are left alone: a payment may still be on its way for them.
    """
    cutoff = timezone.now() - timedelta(hours=settings.SHOP_BASKET_EXPIRY_HOURS)
    stale = (
        Basket.objects.filter(status__in=[Basket.OPEN, Basket.MERGED, Basket.SAVED])
        .annotate(last_touched=Coalesce(Max("lines__date_updated"), F("date_created")))
        .filter(last_touched__lt=cutoff)
    )
    deleted = Basket.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()[0]
    logger.info("Expired stale baskets (%d rows deleted)", deleted)
    return deleted


@shared_task
def send_low_stock_alerts():
    """Daily digest to shop staff of tracked products at or below their low-stock threshold."""
    low = (
        StockRecord.objects.filter(
            low_stock_threshold__isnull=False,
            product__product_class__track_stock=True,
            num_in_stock__isnull=False,
        )
        .annotate(available=F("num_in_stock") - Coalesce(F("num_allocated"), 0))
        .filter(available__lte=F("low_stock_threshold"))
        .select_related("product", "partner")
        .order_by("available", "product__title")
    )
    rows = [
        f"- {record.product.get_title()} ({record.partner.name}, SKU {record.partner_sku}): "
        f"{record.available} left, threshold {record.low_stock_threshold}"
        for record in low
    ]
    if rows:
        alert_staff.delay(
            f"{len(rows)} product{'s' if len(rows) != 1 else ''} low on stock",
            "These products are at or below their low-stock threshold:\n\n" + "\n".join(rows),
        )
    return len(rows)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_payment_failed_email(email, reason):
    site = Site.objects.get_current()
    basket_url = f"{settings.OSCAR_URL_SCHEMA}://{site.domain}{reverse('basket:summary')}"
    messages = Dispatcher().get_messages(
        "PAYMENT_FAILED", {"reason": reason, "basket_url": basket_url, "site": site}
    )
    Dispatcher(logger=logger).dispatch_anonymous_messages(email, messages)


@shared_task
def check_ended_orders(repair=False):
    """Nightly: a cancelled or refunded order holds no confirmed booking and no money owed back.

    Each one that does is logged and reported to shop staff. With `repair`, the order event
    handler finishes what the status promised (idempotently: a second run finds nothing)."""
    from shop.order.processing import EventHandler, ended_orders_still_holding

    found = list(ended_orders_still_holding())
    rows = []
    for problem in found:
        row = problem.describe()
        logger.warning("Ended order still holding: %s", row)
        if repair:
            done = EventHandler().repair_ended_order(problem.order)
            row += f". Repaired: {done.describe(problem.order.currency)}"
        rows.append(f"- {row}")
    if rows:
        alert_staff.delay(
            f"{len(rows)} cancelled or refunded order{'s' if len(rows) != 1 else ''} to check",
            "These orders are cancelled or refunded but still hold bookings or money:\n\n"
            + "\n".join(rows),
        )
    return len(rows)


@shared_task
def retry_pending_refunds():
    """Every few minutes: send the refunds that status changes (or payments whose order could
    not be placed) left pending and that failed.

    Each carries its own idempotency key and is looked up at Stripe before being sent again,
    so a refund that went through but was not recorded is recorded, never made twice."""
    from shop.checkout.placement import refund_unplaceable, unplaceable_to_refund
    from shop.order.refunds import (
        complete_pending_refund,
        refunds_to_retry,
        stale_interrupted_refunds,
    )

    done = sum(
        complete_pending_refund(pk, retry=True)
        for pk in refunds_to_retry().values_list("pk", flat=True)
    )
    done += sum(
        refund_unplaceable(pk, retry=True)
        for pk in unplaceable_to_refund().values_list("pk", flat=True)
    )
    for pending in stale_interrupted_refunds().select_related("order"):
        logger.error(
            "Refund %s of %s on order %s was interrupted before it was sent or recorded: "
            "check the payment provider, then delete or record it",
            pending.reference,
            pending.amount,
            pending.order.number,
        )
    return done
