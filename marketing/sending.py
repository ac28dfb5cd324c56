"""Sending a newsletter at most once per recipient.

start_send() snapshots the audience into one Delivery row each (unique per newsletter and
subscriber). claim_batch() moves pending rows into a batch with SELECT … FOR UPDATE SKIP LOCKED,
so dispatchers running at once never share a row. send_batch() marks each row `sending` (and
commits) before the SMTP call and `sent` after it: a row found `sending` by a later run may have
gone out, so it becomes `unknown` and is never retried."""

import logging
import math
import random
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone

from accounts.models import SuppressedEmail
from outbox.delivery import enqueue_on_commit

from .models import Delivery, Newsletter, Subscriber
from .rendering import render_message

logger = logging.getLogger(__name__)
Status = Delivery.Status


class TransientSendError(Exception):
    """Nothing went out and a later try may work (server busy, connection refused)."""


def start_send(newsletter_id, now=None):
    """Snapshot the recipients and start sending; False if it was already started."""
    now = now or timezone.now()
    with transaction.atomic():
        newsletter = Newsletter.objects.select_for_update().get(pk=newsletter_id)
        if not newsletter.can_start:
            return False
        snapshot_recipients(newsletter)
        newsletter.started_at = now
        if newsletter.is_ab_test:
            newsletter.status = Newsletter.Status.TESTING
            newsletter.ab_decide_at = now + timedelta(minutes=newsletter.ab_wait_minutes)
        else:
            newsletter.status = Newsletter.Status.SENDING
        newsletter.save(update_fields=["status", "started_at", "ab_decide_at"])
        queue_dispatch(newsletter.pk)
    return True


def snapshot_recipients(newsletter):
    recipient_ids = list(newsletter.recipients().values_list("pk", flat=True).order_by("pk"))
    variants = {}
    if newsletter.is_ab_test:
        random.shuffle(recipient_ids)
        sample = math.ceil(len(recipient_ids) * newsletter.ab_sample_percent / 100)
        for index, subscriber_id in enumerate(recipient_ids):
            if index < sample:
                variants[subscriber_id] = (
                    Delivery.Variant.A if index % 2 == 0 else Delivery.Variant.B,
                    Status.PENDING,
                )
            else:
                variants[subscriber_id] = (Delivery.Variant.A, Status.HELD)
    Delivery.objects.bulk_create(
        [
            Delivery(
                newsletter=newsletter,
                subscriber_id=subscriber_id,
                variant=variants.get(subscriber_id, (Delivery.Variant.A, None))[0],
                status=variants.get(subscriber_id, (None, Status.PENDING))[1],
            )
            for subscriber_id in recipient_ids
        ],
        batch_size=1000,
        ignore_conflicts=True,  # a second snapshot adds nobody twice
    )


def queue_dispatch(newsletter_id):
    from .tasks import dispatch_newsletter

    enqueue_on_commit(dispatch_newsletter, newsletter_id)


def claim_batch(newsletter_id, size=None):
    """Move up to `size` pending rows into a new batch; None when none are left."""
    size = size or settings.NEWSLETTER_BATCH_SIZE
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(newsletter_id=newsletter_id, status=Status.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return None
        batch = uuid.uuid4()
        Delivery.objects.filter(pk__in=ids).update(status=Status.QUEUED, batch=batch)
    return batch


def recover_interrupted(batch):
    """Rows of this batch caught mid-send by a crash: they may have gone out, so never again."""
    return Delivery.objects.filter(batch=batch, status=Status.SENDING).update(
        status=Status.UNKNOWN, error="Interrupted while sending."
    )


def build_message(template, delivery, connection):
    html, text, unsubscribe_url = template.personalise(delivery.subscriber_id, delivery.pk)
    message = EmailMultiAlternatives(
        subject=template.subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[delivery.subscriber.email],
        connection=connection,
        headers={
            # RFC 8058: mail clients POST to this URL to unsubscribe in one click.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Newsletter-Delivery": str(delivery.pk),
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def send_batch(newsletter_id, batch, *, bucket=None, connection=None):
    """Send every queued row of the batch; returns how many went out."""
    from .rate_limit import newsletter_bucket

    bucket = bucket or newsletter_bucket()
    recover_interrupted(batch)
    rows = list(
        Delivery.objects.filter(batch=batch, status=Status.QUEUED)
        .select_related("subscriber")
        .order_by("pk")
    )
    if not rows:
        return 0
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    suppressed = set(
        SuppressedEmail.objects.filter(
            email_hash__in=[row.subscriber.email_hash for row in rows]
        ).values_list("email_hash", flat=True)
    )
    templates = {}
    connection = connection or get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        raise TransientSendError(f"Cannot connect: {error}") from error
    sent, just_sent = 0, None
    try:
        for row in rows:
            if row.subscriber.status != Subscriber.Status.SUBSCRIBED or (
                row.subscriber.email_hash in suppressed
            ):
                Delivery.objects.filter(pk=row.pk, status=Status.QUEUED).update(
                    status=Status.SKIPPED
                )
                continue
            if row.variant not in templates:
                templates[row.variant] = render_message(newsletter, row.variant)
            bucket.acquire()
            # One statement per message: the previous row becomes `sent` and this one
            # `sending`, committed before the SMTP call, so whoever finds it `sending` later
            # knows it may have gone out and must not resend it.
            claimed = mark_sent_and_claim(just_sent, row.pk)
            just_sent = None
            if not claimed:
                continue  # another run of this batch has it
            if _send_one(row, templates[row.variant], connection):
                just_sent = row.pk
                sent += 1
    finally:
        if just_sent is not None:
            mark_sent(just_sent)
        connection.close()
    return sent


def mark_sent_and_claim(sent_id, claim_id):
    """Mark `sent_id` (if any) sent and claim `claim_id` if still queued, in one UPDATE (one
    round trip, atomic on its own). True when `claim_id` is now ours to send."""
    now = timezone.now()
    claim = Q(pk=claim_id, status=Status.QUEUED)
    updated = Delivery.objects.filter(claim | Q(pk=sent_id) if sent_id else claim).update(
        status=Case(When(pk=claim_id, then=Value(Status.SENDING)), default=Value(Status.SENT)),
        attempts=Case(
            When(pk=claim_id, then=F("attempts") + 1),
            default=F("attempts"),
            output_field=Delivery._meta.get_field("attempts"),
        ),
        sent_at=Case(
            When(pk=claim_id, then=F("sent_at")),
            default=Value(now),
            output_field=Delivery._meta.get_field("sent_at"),
        ),
        updated_at=now,
    )
    return updated - (1 if sent_id else 0) == 1


def mark_sent(delivery_id):
    Delivery.objects.filter(pk=delivery_id).update(status=Status.SENT, sent_at=timezone.now())


def _send_one(row, template, connection):
    """True when the server accepted the message; failures mark the row themselves."""
    try:
        build_message(template, row, connection).send()
    except (
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPSenderRefused,
        smtplib.SMTPDataError,
    ) as error:
        code = getattr(error, "smtp_code", None) or _first_code(error)
        if code and 400 <= code < 500:
            # Refused for now (greylisting, busy): not sent, so it may go back in the queue.
            Delivery.objects.filter(pk=row.pk).update(status=Status.QUEUED, error=str(error)[:300])
            raise TransientSendError(str(error)) from error
        Delivery.objects.filter(pk=row.pk).update(status=Status.FAILED, error=str(error)[:300])
        return False
    except Exception as error:
        # The message may or may not have left: never send it again.
        logger.warning("Delivery %s interrupted: %s", row.pk, error)
        Delivery.objects.filter(pk=row.pk).update(status=Status.UNKNOWN, error=str(error)[:300])
        connection.close()
        connection.open()
        return False
    return True


def _first_code(error):
    recipients = getattr(error, "recipients", None) or {}
    for code, _message in recipients.values():
        return code
    return None


def give_up_batch(batch, reason):
    return Delivery.objects.filter(batch=batch, status=Status.QUEUED).update(
        status=Status.FAILED, error=reason[:300]
    )


def finish_if_done(newsletter_id):
    """A sending newsletter with nothing left to send is sent."""
    unfinished = Delivery.objects.filter(
        newsletter_id=newsletter_id,
        status__in=[Status.PENDING, Status.QUEUED, Status.SENDING, Status.HELD],
    )
    if unfinished.exists():
        return False
    return bool(
        Newsletter.objects.filter(pk=newsletter_id, status=Newsletter.Status.SENDING).update(
            status=Newsletter.Status.SENT, finished_at=timezone.now()
        )
    )


# --- A/B subject test ------------------------------------------------------------------------


def variant_scores(newsletter):
    """Unique opens or clicks per variant, as a share of the sample each variant went to."""
    field = "clicked_at" if newsletter.ab_metric == Newsletter.WinnerMetric.CLICKS else "opened_at"
    rows = (
        newsletter.deliveries.filter(status=Status.SENT)
        .values("variant")
        .annotate(sent=Count("pk"), engaged=Count("pk", filter=Q(**{f"{field}__isnull": False})))
        .order_by()
    )
    return {row["variant"]: row["engaged"] / row["sent"] for row in rows if row["sent"]}


def decide_ab_winner(newsletter_id):
    """The better subject goes to everyone held back; a tie goes to A."""
    with transaction.atomic():
        newsletter = Newsletter.objects.select_for_update().get(pk=newsletter_id)
        if newsletter.status != Newsletter.Status.TESTING:
            return None
        scores = variant_scores(newsletter)
        winner = (
            Delivery.Variant.B if scores.get("b", 0) > scores.get("a", 0) else Delivery.Variant.A
        )
        newsletter.deliveries.filter(status=Status.HELD).update(
            status=Status.PENDING, variant=winner
        )
        newsletter.ab_winner = winner
        newsletter.status = Newsletter.Status.SENDING
        newsletter.save(update_fields=["ab_winner", "status"])
        queue_dispatch(newsletter.pk)
    return winner


# --- Housekeeping ----------------------------------------------------------------------------


def mark_stale_sending_unknown(now=None):
    """Rows left `sending` longer than any task may run belong to a dead worker."""
    limit = (now or timezone.now()) - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    return Delivery.objects.stuck_sending(limit).update(
        status=Status.UNKNOWN, error="Interrupted while sending."
    )


def stale_batches(now=None, minutes=15):
    """Batches queued long ago and still untouched (their task was lost): send them again."""
    limit = (now or timezone.now()) - timedelta(minutes=minutes)
    return list(
        Delivery.objects.filter(status=Status.QUEUED, updated_at__lt=limit)
        .values_list("newsletter_id", "batch")
        .distinct()
    )
