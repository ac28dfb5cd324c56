import logging
import time
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from oscar.core.loading import get_model
from tqdm import tqdm
from wagtail.models import Page, Site

from bookings import demo as bookings_demo
from demo import accounts as accounts_demo
from demo import blog as blog_demo
from demo import home as home_demo
from demo import marketing as marketing_demo
from demo import search as search_demo
from demo import shop as shop_demo
from demo import venues as venues_demo
from reviews import demo as reviews_demo


def demo_steps(domain, progress):
    """What the demo is made of, in order. Each step is idempotent; new features add theirs."""
    return [
        ("Home page and sites", partial(home_demo.build_site, domain)),
        ("Content pages", home_demo.build_content_pages),
        ("Site settings", home_demo.build_site_settings),
        ("Countries", shop_demo.build_countries),
        ("Product classes", shop_demo.build_product_classes),
        ("Categories", shop_demo.build_categories),
        ("Partner", shop_demo.build_partner),
        ("Products", partial(shop_demo.build_products, progress=progress)),
        ("Accounts", home_demo.build_users),
        ("Account profiles and consents", accounts_demo.build_account_demo),
        ("Venues", venues_demo.build_venues),  # after Accounts: links provider accounts
        ("Blog", blog_demo.build_blog),  # after Products and Venues: posts show both
        ("Landing pages", home_demo.build_landing_pages),
        ("Bookings", bookings_demo.build_bookings),  # after Venues: their services and providers
        ("Reviews", reviews_demo.build_reviews),  # after Venues and Products: rates both
        ("Marketing", marketing_demo.build_marketing),  # after Products and Venues (cards, orders)
        ("Search index", search_demo.build_search_index),  # last: indexes what came before
    ]


def demo_counts():
    return {
        "pages": Page.objects.filter(depth__gt=1).live().count(),
        "products": get_model("catalogue", "Product").objects.count(),
        "categories": get_model("catalogue", "Category").objects.count(),
        "stock records": get_model("partner", "StockRecord").objects.count(),
        "users": get_user_model().objects.count(),
    }


class Command(BaseCommand):
    help = (
        "Build the demo site: pages, site settings, a catalogue with images and stock, one "
        "account per staff role, a superuser and a shopper. Runs only with DEBUG=True. Safe to "
        "run again: pages are created once and keep their edits; settings, catalogue and "
        "accounts go back to the demo values, and every demo account's password back to "
        f"{home_demo.DEMO_PASSWORD!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--domain",
            default=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc,
            help="host[:port] the demo is served at (default: from SITE_URL, %(default)s).",
        )

    def handle(self, *args, domain, verbosity, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates demo accounts with known passwords and only runs in "
                "development (DEBUG=True)."
            )
        quiet = verbosity == 0
        images_bar = partial(tqdm, desc="Product images", unit="image", leave=False, disable=quiet)
        if verbosity < 2:  # Wagtail logs every page and background task at INFO, over the bar.
            logging.disable(logging.INFO)
        started = time.monotonic()
        try:
            # One transaction: a failed step leaves no half-built demo, and SQLite commits once.
            # The demo's history (orders, bookings) emails nobody: its messages are kept in
            # memory and dropped, not printed over the progress bar.
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
                transaction.atomic(),
                tqdm(demo_steps(domain, images_bar), unit="step", disable=quiet) as steps,
            ):
                for name, build in steps:
                    steps.set_description(name)
                    build()
        finally:
            logging.disable(logging.NOTSET)
        if not quiet:
            self.print_summary(time.monotonic() - started)

    def print_summary(self, seconds):
        counts = ", ".join(f"{count} {name}" for name, count in demo_counts().items())
        self.stdout.write(self.style.SUCCESS(f"Demo site ready in {seconds:.1f} s: {counts}."))
        self.stdout.write(f"\nSign in with the password {home_demo.DEMO_PASSWORD!r}:")
        for email, role in home_demo.DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {email:<24} {role}")
        root_url = Site.objects.get(is_default_site=True).root_url
        self.stdout.write("")
        for name, path in [
            ("Site", "/"),
            ("Wagtail admin", reverse("wagtailadmin_home")),
            ("Shop dashboard", reverse("dashboard:index")),
        ]:
            self.stdout.write(f"  {name:<15} {root_url}{path}")
