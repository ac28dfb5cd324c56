"""What marketing holds about a person, for the account's data export and deletion."""

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import email_digest

from .models import Subscriber


def _subscribers_of(user):
    return Subscriber.objects.filter(Q(user=user) | Q(email_hash=email_digest(user.email)))


def export_newsletter_subscriptions(user) -> list[dict]:
    subscribers = (
        _subscribers_of(user)
        .annotate(messages_received=Count("deliveries", filter=Q(deliveries__status="sent")))
        .prefetch_related("lists")
        .order_by("created_at")
    )
    return [
        {
            "email": subscriber.email,
            "status": subscriber.status,
            "lists": [mailing_list.name for mailing_list in subscriber.lists.all()],
            "source": subscriber.source,
            "consent_text": subscriber.consent_text,
            "signed_up": subscriber.created_at.isoformat(),
            "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
            "messages_received": subscriber.messages_received,
        }
        for subscriber in subscribers
    ]


def erase_newsletter_subscriptions(user):
    """The subscriber row stays (newsletter reports count its deliveries) without the person:
    an undeliverable placeholder address, no lists, unsubscribed. The address itself is on the
    suppression list already (accounts does that), so no send can reach it again."""
    now = timezone.now()
    for subscriber in _subscribers_of(user):
        subscriber.lists.clear()
        Subscriber.objects.filter(pk=subscriber.pk).update(  # update(): keeps the hash as is
            email=f"erased-{subscriber.pk}@invalid.invalid",
            user=None,
            status=Subscriber.Status.UNSUBSCRIBED,
            unsubscribed_at=subscriber.unsubscribed_at or now,
            signup_ip=None,
        )
