"""The marketing part of a personal data export and of account erasure (accounts calls these)."""

from django.db.models import Q

from .models import Subscriber


def subscribers_of(user):
    return Subscriber.objects.filter(Q(user=user) | Q(email=(user.email or "").strip().lower()))


def export_newsletter(user):
    return [
        {
            "email": subscriber.email,
            "status": subscriber.status,
            "lists": [mailing_list.name for mailing_list in subscriber.lists.all()],
            "source": subscriber.source,
            "signed_up": subscriber.created_at,
            "confirmed": subscriber.confirmed_at,
            "messages_received": subscriber.deliveries.filter(status="sent").count(),
        }
        for subscriber in subscribers_of(user).prefetch_related("lists")
    ]


def erase_newsletter(user):
    # The address goes onto the suppression list in erase_account itself.
    subscribers_of(user).delete()
