"""Marketing background work: confirmation and test emails, newsletter dispatch and sending."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from core.emails import build_message

from . import sending
from .models import Newsletter, Subscriber
from .rendering import absolute, render_message
from .tokens import confirm_token

logger = logging.getLogger(__name__)
RETRYABLE = (sending.TransientSendError, OSError, smtplib.SMTPException)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_confirmation_email(subscriber_id):
    from django.urls import reverse

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.is_subscribed:
        return
    context = {
        "site_name": settings.SITE_NAME,
        "confirm_url": absolute(reverse("marketing:confirm", args=[confirm_token(subscriber)])),
    }
    build_message(
        f"Please confirm your subscription to {settings.SITE_NAME}",
        render_to_string("marketing/email/confirm.txt", context),
        [subscriber.email],
        body_html=render_to_string("marketing/email/confirm.html", context),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
    ).send()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def send_test_newsletter(newsletter_id, email):
    """Each subject variant to one address, untracked, marked as a test."""
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    variants = ["a", "b"] if newsletter.is_ab_test else ["a"]
    for variant in variants:
        template = render_message(newsletter, variant, tracking=False)
        html, text, unsubscribe_url = template.personalise(0, None)
        message = EmailMultiAlternatives(
            subject=f"[Test] {template.subject}",
            body=text,
            from_email=settings.NEWSLETTER_FROM_EMAIL,
            to=[email],
        )
        message.attach_alternative(html, "text/html")
        message.send()


@shared_task
def start_newsletter(newsletter_id):
    sending.start_send(newsletter_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def dispatch_newsletter(newsletter_id):
    """Split the pending rows into batches, one send task each."""
    batches = 0
    while (batch := sending.claim_batch(newsletter_id)) is not None:
        send_newsletter_batch.delay(newsletter_id, str(batch))
        batches += 1
    if not batches:
        sending.finish_if_done(newsletter_id)
    return batches


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8)
def send_newsletter_batch(self, newsletter_id, batch):
    """Redelivered after a worker dies (acks late): the rerun marks its in-flight row unknown
    and carries on with the rows that never reached the SMTP call."""
    try:
        sending.send_batch(newsletter_id, batch)
    except RETRYABLE as error:
        if self.request.retries >= self.max_retries:
            sending.give_up_batch(batch, f"Gave up after retries: {error}")
        else:
            raise self.retry(exc=error, countdown=min(600, 10 * 2**self.request.retries)) from error
    sending.finish_if_done(newsletter_id)


@shared_task
def dispatch_due_newsletters():
    """Every minute (beat): scheduled sends start, A/B tests end, lost work is picked up."""
    now = timezone.now()
    for newsletter_id in Newsletter.objects.filter(
        status=Newsletter.Status.SCHEDULED, scheduled_at__lte=now
    ).values_list("pk", flat=True):
        sending.start_send(newsletter_id, now=now)
    for newsletter_id in Newsletter.objects.filter(
        status=Newsletter.Status.TESTING, ab_decide_at__lte=now
    ).values_list("pk", flat=True):
        sending.decide_ab_winner(newsletter_id)
    sending.mark_stale_sending_unknown(now)
    for newsletter_id, batch in sending.stale_batches(now):
        send_newsletter_batch.delay(newsletter_id, str(batch))
    for newsletter_id in Newsletter.objects.filter(status=Newsletter.Status.SENDING).values_list(
        "pk", flat=True
    ):
        sending.finish_if_done(newsletter_id)
