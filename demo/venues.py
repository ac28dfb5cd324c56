"""Demo venues: categories, the venue index, 24 published venues in six cities, their services
(Oscar products with a partner, price and duration) and provider accounts for the first three.

Like the other demo builders it can run again: categories, partners, services and providers are
found by natural keys and brought back to the values below; pages are created once and then left
alone, so edits made in the admin survive.
"""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from demo.home import DEMO_PASSWORD
from demo.shop_images import product_art
from demo.venue_images import interior_art, portrait_art
from home.models import HomePage
from venues.models import (
    HoursException,
    OpeningHours,
    TeamMember,
    VenueCategory,
    VenueFAQ,
    VenueGalleryImage,
    VenueIndexPage,
    VenueManager,
    VenuePage,
)
from venues.provisioning import PROVIDERS_GROUP, grant_venue_permissions
from venues.services import DURATION_ATTRIBUTE, VENUE_SERVICE_CLASS

INDEX_SLUG = "venues"
GALLERY_POOL = 8
PORTRAIT_POOL = 12

CATEGORIES = {
    "spa": ("Spa", "Pools, steam and treatments to spend a whole afternoon."),
    "massage": ("Massage", "Therapists for sports, deep tissue and relaxing massage."),
    "yoga": ("Yoga studio", "Classes from gentle to dynamic, for every body."),
    "salon": ("Hair salon", "Cuts, colour and care from people who listen."),
    "beauty": ("Beauty & nails", "Facials, brows, lashes and nails."),
    "sauna": ("Sauna & bathhouse", "Heat, cold plunges and quiet rooms."),
}
# City: (latitude, longitude, postcode prefix) of a central point; venues sit around it.
CITIES = {
    "London": (51.5145, -0.1270, "WC2"),
    "Edinburgh": (55.9520, -3.1900, "EH1"),
    "Bristol": (51.4545, -2.5930, "BS1"),
    "Manchester": (53.4810, -2.2400, "M1"),
    "Brighton": (50.8240, -0.1400, "BN1"),
    "Cardiff": (51.4810, -3.1790, "CF10"),
}
VENUES = [
    ("Saltwater Spa", "spa", "Brighton"),
    ("Juniper Yoga Loft", "yoga", "Edinburgh"),
    ("Harbour Massage Rooms", "massage", "Bristol"),
    ("The Ember Bathhouse", "sauna", "London"),
    ("Moorland Hair Studio", "salon", "Manchester"),
    ("Sea Glass Beauty", "beauty", "Cardiff"),
    ("Lighthouse Day Spa", "spa", "Edinburgh"),
    ("Orchard Yoga", "yoga", "Bristol"),
    ("Driftwood Sauna", "sauna", "Brighton"),
    ("Tidewater Therapies", "massage", "London"),
    ("Saltmarsh Salon", "salon", "Cardiff"),
    ("Kiln Beauty Bar", "beauty", "Manchester"),
    ("Northern Light Spa", "spa", "Manchester"),
    ("Breathe Yoga Cardiff", "yoga", "Cardiff"),
    ("Old Town Massage", "massage", "Edinburgh"),
    ("Quayside Cuts", "salon", "Bristol"),
    ("Lantern Nail Studio", "beauty", "London"),
    ("Cold Plunge Club", "sauna", "Manchester"),
    ("Riverside Wellness Spa", "spa", "Cardiff"),
    ("Lanes Yoga", "yoga", "Brighton"),
    ("Canal Street Massage", "massage", "Manchester"),
    ("Arcade Hair Co.", "salon", "London"),
    ("Thistle Skin Clinic", "beauty", "Edinburgh"),
    ("Cabot Steam Rooms", "sauna", "Bristol"),
]
# Category: services as (name, minutes, price in pounds).
SERVICES = {
    "spa": [
        ("Spa day pass", 240, 65),
        ("Signature facial", 60, 75),
        ("Hot stone massage", 75, 85),
        ("Couples retreat", 180, 190),
        ("Body wrap", 60, 70),
    ],
    "massage": [
        ("Deep tissue massage", 60, 60),
        ("Sports massage", 45, 50),
        ("Swedish massage", 60, 55),
        ("Pregnancy massage", 60, 60),
        ("Head and shoulders", 30, 35),
    ],
    "yoga": [
        ("Drop-in class", 60, 14),
        ("Beginners' course", 90, 80),
        ("Private session", 60, 65),
        ("Yin and restore", 75, 16),
        ("Ten-class pass", 60, 120),
    ],
    "salon": [
        ("Cut and finish", 60, 48),
        ("Full colour", 120, 95),
        ("Balayage", 180, 160),
        ("Blow-dry", 45, 30),
        ("Fringe trim", 15, 10),
    ],
    "beauty": [
        ("Gel manicure", 45, 32),
        ("Classic pedicure", 60, 38),
        ("Brow shape and tint", 30, 24),
        ("Lash lift", 45, 45),
        ("Express facial", 30, 35),
    ],
    "sauna": [
        ("Sauna session", 90, 22),
        ("Sauna and plunge", 120, 30),
        ("Private sauna hire", 60, 75),
        ("Aufguss ritual", 45, 18),
        ("Evening bathhouse", 180, 40),
    ],
}
TEAM = [
    ("Amira Haddad", "Founder"), ("Tom Bright", "Senior therapist"), ("Lucia Ferreira", "Stylist"),
    ("Owen Price", "Yoga teacher"), ("Mei Chen", "Skin specialist"), ("Rhys Morgan", "Manager"),
    ("Isla Grant", "Therapist"), ("Kwame Mensah", "Sauna master"), ("Sofia Rossi", "Colourist"),
    ("Ben Carter", "Front of house"), ("Priya Nair", "Nail technician"), ("Ellis Shaw", "Trainee"),
]  # fmt: skip
FAQS = [
    (
        "Do I need to book?",
        "Booking ahead is best, especially at weekends; we take walk-ins when there is space.",
    ),
    ("What should I bring?", "Just yourself. We provide towels, robes and lockers."),
    ("Is there step-free access?", "Yes: the entrance, treatment rooms and toilets are step-free."),
    ("Can I buy a gift voucher?", "Yes, in the shop or at the desk; vouchers last a year."),
    ("How do I cancel?", "Cancel online or call us; see our cancellation policy below."),
]
# Weekly hours: weekday → [(opens, closes)]; a missing weekday is closed.
HOURS = [
    # Closed on Mondays.
    {d: [("09:00", "20:00")] for d in range(1, 5)}
    | {5: [("09:00", "18:00")], 6: [("10:00", "16:00")]},
    # A lunch break; closed on Sundays.
    {d: [("08:00", "12:30"), ("13:30", "19:00")] for d in range(0, 6)},
    # Late on Friday and Saturday, past midnight; closed Monday and Tuesday.
    {d: [("12:00", "22:00")] for d in range(2, 4)}
    | {4: [("12:00", "01:00")], 5: [("10:00", "01:00")], 6: [("10:00", "18:00")]},
    # Early starts; closed on Sundays.
    {d: [("07:00", "21:00")] for d in range(0, 5)} | {5: [("08:00", "17:00")]},
]
AMENITY_SETS = [
    ["wifi", "towels", "lockers", "showers", "card_payments", "gift_vouchers"],
    ["step_free", "accessible_toilet", "public_transport", "card_payments"],
    ["wifi", "refreshments", "parking", "dog_friendly"],
    ["child_friendly", "step_free", "gift_vouchers", "card_payments", "wifi"],
]
STREETS = ["High", "Market", "Harbour", "Mill", "Church"]
WELCOME = "Come as you are: book online, arrive ten minutes early and we will look after the rest."
POLICY = (
    "Free cancellation up to 24 hours before your appointment. Later cancellations and missed "
    "appointments are charged in full, because we hold the time for you."
)
# The first venues get a provider: the demo "Venue providers" account, then two more.
PROVIDER_EMAILS = ["provider@example.com", "provider2@example.com", "provider3@example.com"]


@dataclass(frozen=True)
class DemoVenue:
    title: str
    slug: str
    category: str
    city: str
    latitude: Decimal
    longitude: Decimal
    postcode: str
    hours: dict
    amenities: list
    price_level: int
    services: list


def demo_venues() -> list[DemoVenue]:
    venues = []
    for number, (title, category, city) in enumerate(VENUES):
        rng = random.Random(title)
        latitude, longitude, postcode = CITIES[city]
        venues.append(
            DemoVenue(
                title=title,
                slug=slugify(title),
                category=category,
                city=city,
                latitude=Decimal(latitude + rng.uniform(-0.018, 0.018)).quantize(Decimal("1e-6")),
                longitude=Decimal(longitude + rng.uniform(-0.03, 0.03)).quantize(Decimal("1e-6")),
                postcode=f"{postcode} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}"
                f"{rng.choice('LNPQRSTU')}",
                hours=HOURS[number % len(HOURS)],
                amenities=AMENITY_SETS[number % len(AMENITY_SETS)],
                price_level=1 + number % 4,
                services=rng.sample(SERVICES[category], rng.randint(2, 5)),
            )
        )
    return venues


def build_venues():
    """Everything above, in order; one demo step."""
    categories = build_categories()
    index = build_index_page()
    rows = demo_venues()
    missing = [row for row in rows if not index.get_children().filter(slug=row.slug).exists()]
    if missing:
        pictures = picture_pools()
        for number, row in enumerate(missing):
            create_venue(index, row, categories[row.category], pictures, number)
    venues = {venue.slug: venue for venue in VenuePage.objects.child_of(index)}
    for row in rows:
        build_services(venues[row.slug], row)
    for email, row in zip(PROVIDER_EMAILS, rows, strict=False):
        build_provider(email, venues[row.slug])


def build_categories():
    return {
        slug: VenueCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for slug, (name, description) in CATEGORIES.items()
    }


def build_index_page() -> VenueIndexPage:
    index = VenueIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.get()
    index = home.add_child(
        instance=VenueIndexPage(
            title="Venues",
            slug=INDEX_SLUG,
            show_in_menus=True,
            intro="Spas, studios, salons and bathhouses we love, with their hours, teams and "
            "prices. Book a treatment in a few clicks.",
            apply_intro="Run a spa, salon or studio? Tell us about it. We visit every venue "
            "before it goes live and email you an invitation to set up your page.",
        )
    )
    index.save_revision().publish()
    return index


def picture_pools():
    """Shared gallery interiors and portraits, created once and found again by title."""
    return {
        "gallery": [demo_image(f"Venue interior {n}", interior_art) for n in range(GALLERY_POOL)],
        "portraits": {name: demo_image(name, portrait_art) for name, _ in TEAM},
    }


def demo_image(title, art):
    WagtailImage = get_image_model()
    image = WagtailImage.objects.filter(title=title).first()
    if image is None:
        image = WagtailImage(title=title, file=art(title))
        image.save()
    return image


def create_venue(index, row: DemoVenue, category, pictures, number):
    rng = random.Random(row.slug)
    team = rng.sample(TEAM, rng.randint(2, 4))
    venue = VenuePage(
        title=row.title,
        slug=row.slug,
        category=category,
        summary=f"{CATEGORIES[row.category][1]} In the heart of {row.city}.",
        hero_image=demo_image(row.title, interior_art),
        price_level=row.price_level,
        amenities=row.amenities,
        cancellation_policy=POLICY,
        street_address=f"{rng.randint(2, 180)} {rng.choice(STREETS)} Street",
        city=row.city,
        postcode=row.postcode,
        latitude=row.latitude,
        longitude=row.longitude,
        timezone=settings.TIME_ZONE,
        phone=f"0{rng.randint(1100, 2999)} {rng.randint(100000, 999999)}",
        email=f"hello@{row.slug}.example.com",
        website=f"https://{row.slug}.example.com/",
        body=[("paragraph", RichText(f"<p>Welcome to {row.title}. {WELCOME}</p>"))],
        partner=venue_partner(row),
        opening_hours=[
            OpeningHours(weekday=weekday, opens=_time(opens), closes=_time(closes))
            for weekday, ranges in sorted(row.hours.items())
            for opens, closes in ranges
        ],
        hours_exceptions=demo_exceptions(number),
        gallery_images=[
            VenueGalleryImage(image=image, caption=caption, sort_order=order)
            for order, (image, caption) in enumerate(
                [
                    (rng.choice(pictures["gallery"]), "Treatment room"),
                    (rng.choice(pictures["gallery"]), "Relaxation area"),
                ]
            )
        ],
        team_members=[
            TeamMember(
                name=name,
                role=role,
                photo=pictures["portraits"][name],
                sort_order=order,
                bio=f"{name.split()[0]} has worked in {row.city} for {rng.randint(3, 15)} years.",
            )
            for order, (name, role) in enumerate(team)
        ],
        faqs=[
            VenueFAQ(question=question, answer=answer, sort_order=order)
            for order, (question, answer) in enumerate(FAQS[: rng.randint(3, 5)])
        ],
    )
    venue.tags.add(CATEGORIES[row.category][0].split()[0].lower(), row.city.lower())
    index.add_child(instance=venue)
    venue.save_revision().publish()
    return venue


def demo_exceptions(number):
    """Christmas Day closed everywhere; some venues also open late on a day soon."""
    today = date.today()
    christmas = date(today.year, 12, 25)
    if christmas < today:
        christmas = date(today.year + 1, 12, 25)
    exceptions = [HoursException(date=christmas, label="Christmas Day")]
    if number % 3 == 0:
        late = today + timedelta(days=7 + number % 5)
        if late != christmas:
            exceptions.append(
                HoursException(date=late, label="Late opening", opens=time(10), closes=time(23))
            )
    return exceptions


def build_services(venue: VenuePage, row: DemoVenue):
    """The venue's partner and its services: products with a stock record and a duration."""
    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    AttributeValue = get_model("catalogue", "ProductAttributeValue")
    StockRecord = get_model("partner", "StockRecord")

    partner = venue.partner or venue_partner(row)
    ProductCategory = get_model("catalogue", "ProductCategory")
    ProductImage = get_model("catalogue", "ProductImage")
    shop_category = create_from_breadcrumbs(f"Venue services > {CATEGORIES[row.category][0]}")
    service_class = ProductClass.objects.get(slug=VENUE_SERVICE_CLASS)
    duration = ProductAttribute.objects.get(product_class=service_class, code=DURATION_ATTRIBUTE)
    for number, (name, minutes, price) in enumerate(row.services, start=1):
        upc = f"VS-{row.slug}-{number}"[:64]
        product, _ = Product.objects.update_or_create(
            upc=upc,
            defaults={
                "title": name,
                "slug": slugify(f"{row.slug} {name}")[:128],
                "description": f"{name} at {row.title}, {row.city}. {minutes} minutes.",
                "product_class": service_class,
                "structure": Product.STANDALONE,
                "is_public": True,
            },
        )
        AttributeValue.objects.update_or_create(
            product=product, attribute=duration, defaults={"value_integer": minutes}
        )
        # Services are shop products too: browsable in the catalogue with a picture.
        ProductCategory.objects.get_or_create(product=product, category=shop_category)
        if not ProductImage.objects.filter(product=product).exists():
            image = ProductImage(product=product, caption=name, display_order=0)
            image.original.save(f"{slugify(upc)}.jpg", product_art(name), save=False)
            image.save()
        StockRecord.objects.update_or_create(
            partner=partner,
            partner_sku=upc,
            defaults={
                "product": product,
                "price": Decimal(price),
                "price_currency": settings.OSCAR_DEFAULT_CURRENCY,
                "num_in_stock": None,
            },
        )


def venue_partner(row: DemoVenue):
    Partner = get_model("partner", "Partner")
    partner, _ = Partner.objects.update_or_create(
        code=f"venue-{row.slug}"[:128], defaults={"name": row.title}
    )
    return partner


def build_provider(email, venue: VenuePage):
    """A provider account that manages `venue`: partner user, venue group, demo password."""
    User = get_user_model()
    user, _ = User.objects.update_or_create(
        username=email.split("@")[0],
        defaults={"email": email, "password": make_password(DEMO_PASSWORD), "is_active": True},
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get(name=PROVIDERS_GROUP))
    managed = VenueManager.objects.filter(user=user).first()
    if managed is not None and managed.venue_id != venue.pk:
        return  # moved to another venue in the admin: leave it there
    VenueManager.objects.get_or_create(user=user, defaults={"venue": venue})
    venue.refresh_from_db(fields=["partner"])
    if venue.partner is not None:
        venue.partner.users.add(user)
    grant_venue_permissions(venue, user)


def _time(text):
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
