"""Demo data: three lists, 500 subscribers with their consents, a sent newsletter with opens and
clicks, a scheduled one, and a campaign with voucher codes, tracked links, visits and orders.

Idempotent: each part is skipped when it is already there. Bulk inserts keep `make demo` fast."""

import random
from datetime import timedelta
from decimal import Decimal as D

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from accounts import consent
from accounts.models import ConsentRecord, email_digest
from marketing.models import (
    Campaign,
    CampaignVisit,
    Delivery,
    MailingList,
    Newsletter,
    OrderAttribution,
    Subscriber,
    TrackedLink,
)
from shop.checkout import demo_payment

LISTS = [
    ("newsletter", "Newsletter", "New venues, offers and events, about twice a month.", True),
    ("events", "Events", "Tastings, workshops and open days near you.", False),
    ("offers", "Offers", "Vouchers and seasonal offers from the shop.", False),
]
SUBSCRIBERS = 500
CAMPAIGN_SLUG = "spring-weekend"
rng = random.Random(9)


def build_marketing():
    lists = build_lists()
    build_subscribers(lists)
    build_newsletters(lists)
    build_campaign()


def build_lists():
    lists = {}
    for slug, name, description, is_default in LISTS:
        lists[slug], _ = MailingList.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "is_default": is_default},
        )
    return lists


def build_subscribers(lists):
    if Subscriber.objects.filter(source="demo").exists():
        return
    now = timezone.now()
    rows = []
    for n in range(SUBSCRIBERS):
        email = f"reader{n:03d}@example.net"
        status = Subscriber.Status.SUBSCRIBED
        if n % 25 == 0:
            status = Subscriber.Status.UNSUBSCRIBED
        elif n % 40 == 1:
            status = Subscriber.Status.PENDING
        rows.append(
            Subscriber(
                email=email,
                email_hash=email_digest(email),
                status=status,
                source="demo",
                consent_text=consent.NEWSLETTER_TEXT,
                consent_text_version=consent.NEWSLETTER_TEXT_VERSION,
                confirmed_at=None if status == Subscriber.Status.PENDING else now,
            )
        )
    with transaction.atomic():
        subscribers = Subscriber.objects.bulk_create(rows, batch_size=500)
        subscribers = list(Subscriber.objects.filter(source="demo").order_by("pk"))
        through = Subscriber.lists.through
        memberships = [through(subscriber=s, mailinglist=lists["newsletter"]) for s in subscribers]
        memberships += [
            through(subscriber=s, mailinglist=lists["events"]) for s in subscribers[::3]
        ]
        memberships += [
            through(subscriber=s, mailinglist=lists["offers"]) for s in subscribers[::2]
        ]
        through.objects.bulk_create(memberships, batch_size=1000)
        # Each confirmed subscriber's consent, as the confirmation link would have logged it.
        ConsentRecord.objects.bulk_create(
            [
                ConsentRecord(
                    email=s.email,
                    purpose=consent.NEWSLETTER,
                    text_version=consent.NEWSLETTER_TEXT_VERSION,
                    action=ConsentRecord.Action.GIVEN,
                    source="newsletter:demo",
                )
                for s in subscribers
                if s.status != Subscriber.Status.PENDING
            ],
            batch_size=500,
        )


def newsletter_body():
    from shop.blocks import sample_products
    from venues.blocks import sample_venues

    body = [
        ("heading", {"text": "New this month", "level": "h2"}),
        ("paragraph", "<p>Three new venues by the water, and a few things for the house.</p>"),
    ]
    venues = sample_venues(2)
    if venues:
        body.append(("venue_grid", {"heading": "Places to go", "venues": venues}))
    products = sample_products(2)
    if products:
        body.append(
            (
                "product_grid",
                {"heading": "Our picks", "products": products, "limit": 6},
            )
        )
    body.append(
        (
            "call_to_action",
            {
                "title": "Browse the shop",
                "text": "",
                "button_text": "Visit the shop",
                "page": None,
                "url": "/shop/",
            },
        )
    )
    return body


def build_newsletters(lists):
    now = timezone.now()
    if not Newsletter.objects.filter(title="October news").exists():
        sent = Newsletter.objects.create(
            title="October news",
            subject="New venues by the water",
            preheader="Three new places and a few autumn picks.",
            body=newsletter_body(),
            status=Newsletter.Status.SENT,
            started_at=now - timedelta(days=20),
            finished_at=now - timedelta(days=20),
        )
        sent.lists.set([lists["newsletter"]])
        sent.save()
        build_tracking_data(sent, now - timedelta(days=20))
    if not Newsletter.objects.filter(title="November news").exists():
        scheduled = Newsletter.objects.create(
            title="November news",
            subject="Winter weekends, sorted",
            subject_b="Your winter weekend starts here",
            preheader="Cosy venues and gifts.",
            body=newsletter_body(),
            status=Newsletter.Status.SCHEDULED,
            scheduled_at=now + timedelta(days=3),
        )
        scheduled.lists.set([lists["newsletter"], lists["offers"]])
        scheduled.save()


def build_tracking_data(newsletter, sent_at):
    recipients = list(
        Subscriber.objects.filter(source="demo").mailable().filter(lists__slug="newsletter")
    )
    deliveries = []
    for subscriber in recipients:
        opened = rng.random() < 0.45
        clicked = opened and rng.random() < 0.3
        deliveries.append(
            Delivery(
                newsletter=newsletter,
                subscriber=subscriber,
                status=Delivery.Status.SENT,
                sent_at=sent_at,
                opened_at=sent_at + timedelta(hours=rng.randint(1, 48)) if opened else None,
                clicked_at=sent_at + timedelta(hours=rng.randint(1, 48)) if clicked else None,
                bounced_at=sent_at if rng.random() < 0.01 else None,
                unsubscribed_at=sent_at + timedelta(days=1) if rng.random() < 0.01 else None,
            )
        )
    Delivery.objects.bulk_create(deliveries, batch_size=500, ignore_conflicts=True)


# --- Campaign --------------------------------------------------------------------------------


def voucher_offer():
    """A 10% voucher offer on everything (Oscar's own offer models)."""
    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    everything, _ = Range.objects.get_or_create(
        name="Everything", defaults={"includes_all_products": True}
    )
    condition, _ = Condition.objects.get_or_create(range=everything, type=Condition.COUNT, value=1)
    benefit, _ = Benefit.objects.get_or_create(
        range=everything, type=Benefit.PERCENTAGE, value=D("10.00")
    )
    offer, _ = ConditionalOffer.objects.get_or_create(
        name="Spring weekend 10% off",
        defaults={
            "offer_type": ConditionalOffer.VOUCHER,
            "condition": condition,
            "benefit": benefit,
        },
    )
    return offer


def generate_voucher_set(name, *, count, days):
    """Codes generated the way Oscar's dashboard does it (its VoucherSetForm)."""
    VoucherSetForm = get_class("dashboard.vouchers.forms", "VoucherSetForm")
    now = timezone.now()
    form = VoucherSetForm(
        data={
            "name": name,
            "code_length": 10,
            "description": "Codes handed out with the spring weekend flyers.",
            "start_datetime": now - timedelta(days=1),
            "end_datetime": now + timedelta(days=days),
            "count": count,
            "usage": "Single use",
            "offers": [voucher_offer().pk],
        }
    )
    if not form.is_valid():
        raise ValueError(f"Voucher set not valid: {form.errors.as_text()}")
    return form.save()


def build_campaign():
    if Campaign.objects.filter(slug=CAMPAIGN_SLUG).exists():
        return
    from wagtail.models import Page

    today = timezone.localdate()
    landing = Page.objects.live().filter(depth=3).order_by("path").first()
    campaign = Campaign.objects.create(
        name="Spring weekend",
        slug=CAMPAIGN_SLUG,
        starts_on=today - timedelta(days=13),
        ends_on=today + timedelta(days=14),
        budget=D("500.00"),
        voucher_set=generate_voucher_set("Spring weekend codes", count=50, days=30),
        landing_page=landing,
    )
    for label, source, medium in (
        ("Flyer, harbour café", "flyer", "print"),
        ("Instagram story", "instagram", "social"),
    ):
        TrackedLink.objects.create(
            campaign=campaign, label=label, utm_source=source, utm_medium=medium
        )
    CampaignVisit.objects.bulk_create(
        [
            CampaignVisit(
                campaign=campaign, session_key=f"demo-{day}-{n}", day=today - timedelta(days=day)
            )
            for day in range(14)
            for n in range(rng.randint(5, 30))
        ]
    )
    build_attributed_orders(campaign, today)


def build_attributed_orders(campaign, today):
    """A few orders placed through Oscar, attributed to the campaign as a checkout would be."""
    Product = get_model("catalogue", "Product")
    products = list(
        Product.objects.browsable().filter(
            stockrecords__num_in_stock__gt=5, product_class__requires_shipping=True
        )[:5]
    )
    for index, product in enumerate(products):
        order = place_demo_order(product, f"shopper{index}@example.net")
        if order is None:
            continue
        placed = timezone.now() - timedelta(days=index * 2)
        get_model("order", "Order").objects.filter(pk=order.pk).update(date_placed=placed)
        OrderAttribution.objects.update_or_create(
            order=order,
            defaults={
                "campaign": campaign,
                "last_touch": {
                    "utm_source": "flyer",
                    "utm_medium": "print",
                    "utm_campaign": campaign.slug,
                },
            },
        )


def place_demo_order(product, email):
    Basket = get_model("basket", "Basket")
    Selector = get_class("partner.strategy", "Selector")
    Free = get_class("shipping.methods", "Free")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product)
    if not basket.num_items:
        return None
    return demo_payment.place_demo_order(basket, Free(), guest_email=email)
