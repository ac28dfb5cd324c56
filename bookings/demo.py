"""Demo bookings: varied service rules, and a week of past and a week of future bookings.

The providers' venues get walk-in style bookings (no order) across the fortnight; the demo
shopper gets two upcoming bookings bought through the real basket and order pipeline, so
"My bookings" can cancel them with a refund. Runs again without duplicating anything.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from bookings.models import Booking, ServiceBookingSettings
from shop.checkout.demo_payment import place_demo_order
from venues.models import VenueManager

from .availability import candidate_starts
from .holds import hold_slot
from .service import BookableService, ServiceNotFound

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")
NoShippingRequired = get_class("shipping.methods", "NoShippingRequired")
Selector = get_class("partner.strategy", "Selector")

# Service title → overrides of the venue defaults: classes take many, treatments leave a gap.
SERVICE_RULES = {
    "Drop-in class": {"capacity": 12},
    "Yin and restore": {"capacity": 10},
    "Sauna session": {"capacity": 8},
    "Sauna and plunge": {"capacity": 6},
    "Spa day pass": {"capacity": 6},
    "Deep tissue massage": {"buffer_minutes": 15},
    "Sports massage": {"buffer_minutes": 15},
    "Hot stone massage": {"buffer_minutes": 15},
}
CUSTOMERS = ["ada", "ben", "chloe", "dev", "ella", "finn", "gita"]
SHOPPER_EMAIL = "shopper@example.com"


def build_bookings():
    """One demo step: service rules, provider venues' fortnight, the shopper's bookings."""
    build_service_rules()
    for manager in VenueManager.objects.select_related("venue"):
        build_venue_fortnight(manager.venue)
    build_shopper_bookings()


def build_service_rules():
    for title, rules in SERVICE_RULES.items():
        for product in Product.objects.filter(title=title, product_class__slug="venue-service"):
            ServiceBookingSettings.objects.update_or_create(product=product, defaults=rules)


def build_venue_fortnight(venue):
    """Two bookings a day for a week back and a week ahead, at the venue's first services."""
    if Booking.objects.filter(venue=venue).exists() or venue.partner_id is None:
        return
    products = Product.objects.filter(
        stockrecords__partner_id=venue.partner_id, product_class__slug="venue-service"
    ).order_by("pk")[:2]
    services = []
    for product in products:
        try:
            services.append(BookableService.load(product.pk, public_only=False))
        except ServiceNotFound:
            continue
    now = timezone.now()
    today = timezone.localtime(now, venue.zone).date()
    rows = []
    for offset in range(-7, 8):
        day = today + timedelta(days=offset)
        for number, service in enumerate(services):
            starts = list(candidate_starts(venue.schedule, service.timing, day, day))
            if not starts:
                continue
            start = starts[min(len(starts) - 1, 1 + 2 * number)]
            if offset >= 0 and start < now + service.timing.lead_time:
                continue
            past = start < now
            status = Booking.Status.CONFIRMED
            if past:
                status = Booking.Status.NO_SHOW if (offset + number) % 5 == 0 else "completed"
            customer = CUSTOMERS[(offset + number) % len(CUSTOMERS)]
            rows.append(
                Booking(
                    venue=venue,
                    service=service.product,
                    service_title=service.title,
                    email=f"{customer}@example.com",
                    start=start,
                    end=start + service.timing.duration,
                    busy_until=start + service.timing.step,
                    status=status,
                )
            )
    Booking.objects.bulk_create(rows)


def build_shopper_bookings():
    """Two upcoming bookings for the demo shopper, paid with the demo method."""
    shopper = get_user_model().objects.filter(email=SHOPPER_EMAIL).first()
    manager = VenueManager.objects.select_related("venue").order_by("pk").first()
    if shopper is None or manager is None or Booking.objects.filter(user=shopper).exists():
        return
    product = (
        Product.objects.filter(
            stockrecords__partner_id=manager.venue.partner_id,
            product_class__slug="venue-service",
        )
        .order_by("pk")
        .first()
    )
    if product is None:
        return
    service = BookableService.load(product.pk, public_only=False)
    today = service.local_today()
    slots = service.free_slots(today + timedelta(days=2), today + timedelta(days=6))
    for slot in slots[:: max(1, len(slots) // 2)][:2]:
        buy_booking(shopper, product.pk, slot.start)


def buy_booking(user, product_id, start):
    """Basket, hold and order, as a checkout with the demo payment would make them."""
    with transaction.atomic():
        basket = Basket.objects.create(owner=user)
        basket.strategy = Selector().strategy(user=user)
        hold_slot(product_id, start, basket, user=user)
        basket = Basket.objects.get(pk=basket.pk)
        basket.strategy = Selector().strategy(user=user)
        return place_demo_order(basket, NoShippingRequired(), user=user)
