"""Sign-up with double opt-in, confirmation, list choices and unsubscribing.

Every change of consent is appended to the accounts consent log (text version, source, IP)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import consent
from outbox.delivery import enqueue_on_commit

from .models import MailingList, Subscriber


def text_version_of(text):
    """A short stable version for a free-text consent statement (a page block's own wording)."""
    if text == consent.NEWSLETTER_TEXT:
        return consent.NEWSLETTER_TEXT_VERSION
    return "text-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def subscribe(
    email,
    *,
    source,
    consent_text=consent.NEWSLETTER_TEXT,
    lists=None,
    user=None,
    request=None,
    confirmed=False,
    log_consent=True,
):
    """Start (or restart) a subscription. Unless already confirmed, a confirmation email is
    queued after the commit; the subscription counts only once the link is followed.

    `confirmed` is for addresses that are already proven (a signed-in account's verified
    address). Returns the subscriber."""
    with transaction.atomic():
        subscriber = _get_or_create(email, source=source, user=user)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        subscriber.lists.add(*(lists if lists is not None else MailingList.defaults()))
        if subscriber.is_subscribed:
            return subscriber
        was_pending = subscriber.status == Subscriber.Status.PENDING
        subscriber.source = source
        subscriber.consent_text = consent_text[:300]
        subscriber.consent_text_version = text_version_of(consent_text)
        subscriber.signup_ip = consent.client_ip(request)
        subscriber.user = subscriber.user or user
        subscriber.status = Subscriber.Status.PENDING
        subscriber.save()
        if confirmed:
            confirm(subscriber, request=request, log_consent=log_consent)
        elif not (was_pending and confirmation_sent_recently(subscriber)):
            _queue_confirmation(subscriber)
    return subscriber


def confirmation_sent_recently(subscriber):
    """Signing up again while the last link is fresh sends nothing: repeated sign-ups must not
    turn the form into a way to flood someone's inbox."""
    sent = subscriber.confirmation_sent_at
    cooldown = timedelta(seconds=settings.NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS)
    return sent is not None and timezone.now() - sent < cooldown


def _get_or_create(email, *, source, user):
    existing = Subscriber.objects.for_email(email).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, source=source, user=user)
    except IntegrityError:  # the same address, submitted twice at once
        return Subscriber.objects.for_email(email).get()


def _queue_confirmation(subscriber):
    from .tasks import send_confirmation_email

    subscriber.confirmation_sent_at = timezone.now()
    subscriber.save(update_fields=["confirmation_sent_at"])
    # Stored with the sign-up: a broker outage delays the email, never loses or fails it.
    enqueue_on_commit(send_confirmation_email, subscriber.pk)


def confirm(subscriber, *, request=None, log_consent=True):
    """The address is proven: the subscription starts and the consent is logged."""
    with transaction.atomic():
        if subscriber.is_subscribed:
            return False
        subscriber.mark_confirmed()
        if log_consent:
            _log(subscriber, given=True, source=subscriber.source, request=request)
    return True


def _log(subscriber, *, given, source, request):
    consent.record_consent(
        purpose=consent.NEWSLETTER,
        given=given,
        text_version=subscriber.consent_text_version or consent.NEWSLETTER_TEXT_VERSION,
        source=f"newsletter:{source}"[:64],
        user=subscriber.user,
        email=subscriber.email,
        request=request,
    )


def unsubscribe(subscriber, *, source, request=None, delivery=None, log_consent=True):
    """Stop every newsletter to this address; repeats are harmless and logged once."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if delivery is not None and delivery.unsubscribed_at is None:
            delivery.unsubscribed_at = timezone.now()
            delivery.save(update_fields=["unsubscribed_at"])
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return False
        was_subscribed = subscriber.is_subscribed
        subscriber.mark_unsubscribed()
        if was_subscribed and log_consent:
            _log(subscriber, given=False, source=source, request=request)
    return True


def update_lists(subscriber, lists, *, request=None):
    """The preference centre: the chosen lists; choosing none unsubscribes."""
    with transaction.atomic():
        subscriber.lists.set(lists)
        if not lists:
            unsubscribe(subscriber, source="preferences", request=request)
        elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            # Following a link from our own email proves the address again.
            subscriber.consent_text_version = consent.NEWSLETTER_TEXT_VERSION
            subscriber.source = "preferences"
            subscriber.save(update_fields=["consent_text_version", "source"])
            confirm(subscriber, request=request)
