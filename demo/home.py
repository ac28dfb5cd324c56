"""Demo site: the home page and its sites, the standard content pages, site settings and accounts.

Pages are created once and then left alone, so edits made in the admin survive a re-run (and
no extra revisions pile up). Site settings and accounts are brought back to the values below.
"""

from io import BytesIO
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site as DjangoSite
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from core.roles import ROLES
from home.models import ContentPage, HomePage, SiteSettings

DEMO_PASSWORD = "demo-password-123"
SUPERUSER, SHOPPER = "Superuser", "Shopper"
# Sign-in email: a group from core.roles.ROLES, or one of the two accounts outside them.
DEMO_ACCOUNTS = {
    "admin@example.com": SUPERUSER,
    "editor@example.com": "Editors",
    "moderator@example.com": "Moderators",
    "provider@example.com": "Venue providers",
    "marketer@example.com": "Marketers",
    "shopstaff@example.com": "Shop staff",
    "shopper@example.com": SHOPPER,
}
HERO_IMAGE_TITLE = "Harbour at dusk"
SHOP_PATH = "/shop/catalogue/"


def build_site(domain: str):
    """The home page, served by Wagtail's default Site and Django's SITE_ID Site at `domain`."""
    url = urlsplit(f"//{domain}")
    home = build_home_page()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = url.hostname, url.port or 80
    site.site_name, site.root_page = settings.SITE_NAME, home
    site.save()
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )


def build_home_page() -> HomePage:
    """A published HomePage at the top of the tree, in place of Wagtail's "Welcome" placeholder."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    placeholders = list(root.get_children().exact_type(Page).filter(numchild=0))
    # The placeholder keeps the "home" slug until it is deleted, and deleting it would
    # delete the sites pointing at it, so those move to the new page first.
    home = root.add_child(
        instance=HomePage(
            title="Home", slug="new-home", hero_image=build_hero_image(), **home_page_content()
        )
    )
    for site in Site.objects.filter(root_page__in=placeholders):
        site.root_page = home
        site.save()
    for page in placeholders:
        page.delete()
    home.slug = "home"
    home.save_revision().publish()
    return home


def home_page_content():
    return {
        "hero_title": "Places worth visiting, things worth keeping",
        "hero_text": (
            "Hand-picked venues by the sea and in the hills, and a shop of small-batch "
            "goods from the people who make them."
        ),
        "hero_cta_text": "Browse the shop",
        "hero_cta_url": SHOP_PATH,
        "intro": (
            "<p>We are a small team who love <b>good places</b> and <i>well-made things</i>. "
            "Everything here has been tried, tested and enjoyed by us first.</p>"
        ),
        # The selling blocks choose nothing: each fills itself in from what is published.
        "body": [
            ("venue_showcase", showcase("Hand-picked places to book", "featured")),
            ("current_campaign", {"campaign": None, "button_text": "See the offer"}),
            ("venue_showcase", showcase("Top rated", "top_rated")),
            ("venue_showcase", showcase("Near you", "nearby")),
            ("featured_products", {"heading": "From the shop", "products": [], "limit": 4}),
            ("latest_posts", {"heading": "From the journal", "category": None, "limit": 3}),
            ("heading", {"text": "Made slowly, chosen carefully", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Our candles are poured by hand, our ceramics thrown on the wheel and our "
                    "teas packed in plastic-free tins. We visit every maker we stock.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": "The best afternoon we have had in years.",
                    "attribution": "A happy guest",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Looking for a gift?",
                    "text": "Gift sets wrapped by hand, with a card written for you.",
                    "button_text": "Visit the shop",
                    "page": None,
                    "url": SHOP_PATH,
                },
            ),
        ],
    }


def showcase(heading, show):
    return {"heading": heading, "show": show, "venues": [], "city": "", "limit": 4}


def build_hero_image():
    """A Wagtail image for the hero, found again by its title on later runs."""
    WagtailImage = get_image_model()
    image = WagtailImage.objects.filter(title=HERO_IMAGE_TITLE).first()
    if image is None:
        image = WagtailImage(
            title=HERO_IMAGE_TITLE, file=ImageFile(harbour_art(), "harbour-at-dusk.jpg")
        )
        image.save()
    return image


def harbour_art(width=1920, height=1080) -> BytesIO:
    """A flat dusk scene: a sky fading to peach, a low sun and a dark sea with a glint."""
    horizon = int(height * 0.62)
    picture = Image.composite(
        Image.new("RGB", (width, horizon), (242, 179, 138)),
        Image.new("RGB", (width, horizon), (39, 65, 94)),
        Image.linear_gradient("L").resize((width, horizon)),
    )
    canvas = Image.new("RGB", (width, height), (22, 58, 68))
    canvas.paste(picture)
    draw = ImageDraw.Draw(canvas)
    sun_x, sun_r = int(width * 0.68), int(height * 0.13)
    draw.ellipse(
        (sun_x - sun_r, horizon - sun_r, sun_x + sun_r, horizon + sun_r), fill=(255, 217, 160)
    )
    draw.rectangle((0, horizon, width, height), fill=(22, 58, 68))
    for row in range(8):  # the sun's glint on the water, narrowing towards the viewer
        y = horizon + 18 + row * 40
        half = sun_r - row * 14
        draw.rectangle((sun_x - half, y, sun_x + half, y + 6), fill=(214, 170, 120))
    buffer = BytesIO()
    canvas.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer


CONTENT_PAGES = {
    "about": (
        "About us",
        "Two friends, one harbour town and a habit of finding the good stuff.",
        "<p>We started by recommending places to friends. Now we write about the venues we "
        "love and sell the things we keep coming back to, from makers we know by name.</p>",
    ),
    "delivery": (
        "Delivery & returns",
        "How we send your order, and 30 days to change your mind.",
        "<p>Orders leave us within two working days by tracked post. Unused items can be "
        "returned within 30 days for a full refund; venue bookings follow each venue's "
        "cancellation policy.</p>",
    ),
    "contact": (
        "Contact",
        "Questions about an order, a booking or a venue? We reply within a working day.",
        '<p>Email <a href="mailto:hello@example.com">hello@example.com</a> or call '
        "01234 567890, Monday to Friday, 9am to 5pm.</p>",
    ),
}


def build_content_pages():
    """About, delivery and contact pages under the home page, in the main menu."""
    home = HomePage.objects.get()
    existing = set(home.get_children().values_list("slug", flat=True))
    for slug, (title, intro, text) in CONTENT_PAGES.items():
        if slug in existing:
            continue
        page = home.add_child(
            instance=ContentPage(
                title=title,
                slug=slug,
                intro=intro,
                show_in_menus=True,
                body=[("paragraph", RichText(text))],
            )
        )
        page.save_revision().publish()


def build_site_settings():
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "brand_name": settings.SITE_NAME,
            "tagline": settings.OSCAR_SHOP_TAGLINE,
            "brand_colour": "#0e4a5a",  # the emails' header and buttons
            "contact_email": "hello@example.com",
            "contact_phone": "01234 567890",
            "address": "1 Quay Street\nPortmarrow\nPM1 2AB",
            "instagram_url": "https://www.instagram.com/example",
            "facebook_url": "https://www.facebook.com/example",
            "footer_text": "<p>A demo site: the venues, products and people are made up.</p>",
        },
    )


def build_users():
    """One account per role, a superuser and a shopper: verified, with DEMO_PASSWORD."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # once: hashing is slow on purpose
    for email, role in DEMO_ACCOUNTS.items():
        is_superuser = role == SUPERUSER
        user, _ = User.objects.update_or_create(
            username=email.split("@")[0],
            defaults={
                "email": email,
                "password": password,
                "is_active": True,
                "is_superuser": is_superuser,
                "is_staff": is_superuser or ROLES.get(role, {}).get("is_staff", False),
            },
        )
        user.groups.set([Group.objects.get(name=role)] if role in ROLES else [])
        # A verified primary address lets the account sign in even when verification is mandatory.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )


# --- Campaign landing pages -------------------------------------------------------------------

VOUCHER_CODE = "WINTER20"
CAMPAIGN_RANGE = "Winter warmers"


def build_landing_pages():
    """A seasonal sale with a 20% voucher, and an open-day page with a sign-up form."""
    from datetime import timedelta

    from django.utils import timezone

    from home.models import FormField, FormPage, LandingPage

    home = HomePage.objects.get()
    existing = set(home.get_children().values_list("slug", flat=True))
    voucher = build_campaign_voucher()
    product_range = voucher.offers.first().benefit.range
    ends = timezone.now() + timedelta(days=45)
    if "winter-sale" not in existing:
        page = home.add_child(
            instance=LandingPage(
                title="Winter sale",
                slug="winter-sale",
                intro="20% off candles, blankets and spa days until the end of the season.",
                hero_image=build_hero_image(),
                hide_navigation=True,
                body=[
                    {
                        "type": "hero",
                        "value": {
                            "title": "Cosy season: 20% off",
                            "text": "Candles, blankets and spa days for the long evenings.",
                            "button_text": "Shop the sale",
                            "button_url": SHOP_PATH,
                        },
                    },
                    {"type": "countdown", "value": countdown(ends)},
                    {
                        "type": "voucher",
                        "value": {
                            "voucher": voucher.pk,
                            "heading": "Your code",
                            "text": "20% off everything in the winter range.",
                            "button_text": "Reveal the code",
                        },
                    },
                    {
                        "type": "product_grid",
                        "value": {
                            "heading": "In the sale",
                            "products": [],
                            "product_range": product_range.pk,
                            "limit": 8,
                        },
                    },
                    {"type": "testimonials", "value": testimonials()},
                    {"type": "newsletter", "value": newsletter()},
                ],
            )
        )
        page.save_revision().publish()
    if "open-day" not in existing:
        page = home.add_child(
            instance=LandingPage(
                title="Spring open day",
                slug="open-day",
                intro="Meet our venues and makers, try a treatment, take home a gift.",
                body=[
                    {
                        "type": "hero",
                        "value": {
                            "title": "Spring open day",
                            "text": "One Saturday, every venue open to visitors.",
                        },
                    },
                    {"type": "countdown", "value": countdown(ends + timedelta(days=60))},
                    {"type": "newsletter", "value": newsletter()},
                ],
            )
        )
        page.save_revision().publish()
        form_page = page.add_child(
            instance=FormPage(
                title="Register for the open day",
                slug="register",
                intro="<p>Tell us who is coming and we will save you a place.</p>",
                thank_you_text="<p>Thank you: see you there.</p>",
                form_fields=[
                    FormField(label="Your name", field_type="singleline", required=True),
                    FormField(label="Email", field_type="email", required=True),
                    FormField(label="How many people?", field_type="number", required=True),
                ],
            )
        )
        form_page.save_revision().publish()
        page.body.append(("form", {"form_page": form_page, "heading": "Save your place"}))
        page.save_revision().publish()


def countdown(ends):
    return {
        "heading": "The offer ends in",
        "ends_at": ends.isoformat(),
        "finished_text": "This offer has ended; sign up to hear about the next one.",
    }


def testimonials():
    return {
        "heading": "What customers say",
        "testimonials": [
            {"quote": "The candles smell like a forest walk.", "name": "Jo", "detail": "Bath"},
            {"quote": "Our spa day was the best gift.", "name": "Ravi", "detail": "Leeds"},
        ],
    }


def newsletter():
    return {
        "heading": "Hear about the next sale first",
        "text": "One email a month. No spam, ever.",
        "consent_text": "Yes, email me news and offers. I can unsubscribe at any time.",
        "button_text": "Sign up",
    }


def build_campaign_voucher():
    """A 20% voucher on a range of demo products, valid for two months from today."""
    from datetime import timedelta

    from django.utils import timezone
    from oscar.core.loading import get_model

    Range = get_model("offer", "Range")
    Benefit = get_model("offer", "Benefit")
    Condition = get_model("offer", "Condition")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Voucher = get_model("voucher", "Voucher")
    Product = get_model("catalogue", "Product")

    product_range, _ = Range.objects.get_or_create(
        name=CAMPAIGN_RANGE, defaults={"is_public": True, "slug": "winter-warmers"}
    )
    if not product_range.included_products.exists():
        in_stock = (
            Product.objects.browsable()
            .filter(structure=Product.STANDALONE, stockrecords__num_in_stock__gt=5)
            .exclude(product_class__slug="venue-service")
            .distinct()
            .order_by("pk")
        )
        for product in in_stock[:8]:
            product_range.add_product(product)
    condition, _ = Condition.objects.get_or_create(
        range=product_range, type=Condition.COUNT, value=1
    )
    benefit, _ = Benefit.objects.get_or_create(
        range=product_range, type=Benefit.PERCENTAGE, value=20
    )
    offer, _ = ConditionalOffer.objects.get_or_create(
        name="Winter sale: 20% off",
        defaults={
            "offer_type": ConditionalOffer.VOUCHER,
            "condition": condition,
            "benefit": benefit,
        },
    )
    now = timezone.now()
    voucher, _ = Voucher.objects.update_or_create(
        code=VOUCHER_CODE,
        defaults={
            "name": "Winter sale",
            "usage": Voucher.MULTI_USE,
            "start_datetime": now - timedelta(days=1),
            "end_datetime": now + timedelta(days=60),
        },
    )
    voucher.offers.add(offer)
    return voucher
