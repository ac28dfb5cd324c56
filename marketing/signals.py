"""Marketing reacts to: provider webhooks (bounces, complaints), orders, and the account page."""

import logging

from anymail.signals import tracking
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from oscar.apps.order.signals import order_placed

from accounts import consent
from accounts.models import ConsentRecord

logger = logging.getLogger(__name__)
SUPPRESSING_EVENTS = {"bounced": "bounce", "complained": "complaint", "rejected": "rejected"}


@receiver(tracking)
def suppress_on_bounce_or_complaint(sender, event, esp_name, **kwargs):
    """A hard bounce or a spam complaint: that address is never mailed again."""
    from .models import Delivery, Subscriber
    from .subscriptions import unsubscribe

    reason = SUPPRESSING_EVENTS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    consent.suppress_email(event.recipient, f"{esp_name}:{reason}"[:64])
    subscriber = Subscriber.objects.for_email(event.recipient).first()
    if subscriber is None:
        return
    # Counted against the newsletter most recently sent to the address.
    latest = subscriber.deliveries.filter(status=Delivery.Status.SENT).order_by("-sent_at").first()
    if latest is not None and latest.bounced_at is None:
        Delivery.objects.filter(pk=latest.pk).update(bounced_at=timezone.now())
    unsubscribe(subscriber, source=reason)


@receiver(order_placed)
def store_order_attribution(sender, order, **kwargs):
    """Inside the order's own transaction: an order is never left without its snapshot."""
    from .attribution import attribute_order, checkout_touches, current_request, touches_of
    from .subscriptions import subscribe

    request = current_request.get()
    touches = checkout_touches(order, request)
    attribute_order(order, touches)
    if touches.get("opt_in") and order.email:
        # The box ticked at checkout starts the same double opt-in as every other form.
        # The shopper's own request gives the sign-up IP; the payment webhook's would not.
        shopper = request if request is not None and touches_of(request).get("opt_in") else None
        subscribe(order.email, source="checkout", user=order.user, request=shopper)
        if request is not None and hasattr(request, "session"):
            request.session.pop("marketing_checkout_opt_in", None)


@receiver(post_save, sender=ConsentRecord)
def follow_account_page_choice(sender, instance, created, **kwargs):
    """Ticking or unticking the newsletter on the account page (re)starts or stops it. The
    account's address is the one it signs in with, so no second confirmation is asked, and the
    account page has logged the consent already."""
    from .models import Subscriber
    from .subscriptions import subscribe, unsubscribe

    if not created or instance.purpose != consent.NEWSLETTER or instance.source != "profile":
        return
    user = instance.user
    if user is None or not user.email:
        return
    if instance.is_given:
        subscribe(user.email, source="profile", user=user, confirmed=True, log_consent=False)
    else:
        subscriber = Subscriber.objects.for_email(user.email).first()
        if subscriber is not None:
            unsubscribe(subscriber, source="profile", log_consent=False)
