"""Dropping a venue's cached next free time when what it was worked out from changes.

Connected in `BookingsConfig.ready()`: bookings and holds (any save or delete), the venue
itself (its hours snapshot and booking defaults are saved with it), its hours rows, a
service's booking rules, and a service's product or stock record. The key goes at once and
again after the transaction commits, so a card read in between cannot keep the old answer.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

from venues.models import HoursException, OpeningHours, VenuePage

from .models import Booking, ServiceBookingSettings
from .next_free import cache_key

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def forget_venues(venue_ids) -> None:
    keys = [cache_key(venue_id) for venue_id in set(venue_ids) if venue_id is not None]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def venues_selling(product_ids=None, partner_ids=None):
    """Ids of the venues whose partner sells these products (or are these partners)."""
    venues = VenuePage.objects.all()
    if product_ids is not None:
        venues = venues.filter(partner__stockrecords__product_id__in=product_ids)
    if partner_ids is not None:
        venues = venues.filter(partner_id__in=partner_ids)
    return list(venues.values_list("pk", flat=True).distinct())


def booking_changed(sender, instance, **kwargs):
    forget_venues([instance.venue_id])


def venue_changed(sender, instance, **kwargs):
    forget_venues([instance.pk])


def hours_changed(sender, instance, **kwargs):
    forget_venues([instance.venue_id])


def rules_changed(sender, instance, **kwargs):
    forget_venues(venues_selling(product_ids=[instance.product_id]))


def product_changed(sender, instance, **kwargs):
    forget_venues(venues_selling(product_ids=[instance.pk]))


def stockrecord_changed(sender, instance, **kwargs):
    forget_venues(venues_selling(partner_ids=[instance.partner_id]))


RECEIVERS = [
    (Booking, booking_changed),
    (VenuePage, venue_changed),
    (OpeningHours, hours_changed),
    (HoursException, hours_changed),
    (ServiceBookingSettings, rules_changed),
    (Product, product_changed),
    (StockRecord, stockrecord_changed),
]


def connect() -> None:
    for model, receiver in RECEIVERS:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"next-free-{model._meta.label_lower}-{signal is post_save}",
            )
