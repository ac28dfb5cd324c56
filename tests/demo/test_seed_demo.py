from decimal import Decimal
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site as DjangoSite
from django.core.management import CommandError, call_command
from django.db.models import Count
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from core.roles import ROLES
from demo.home import DEMO_ACCOUNTS, DEMO_PASSWORD
from demo.venues import PROVIDER_EMAILS as VENUE_PROVIDER_EMAILS
from home.models import ContentPage, HomePage, SiteSettings

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

pytestmark = pytest.mark.django_db


def seed_demo(**options):
    call_command("seed_demo", verbosity=0, stdout=StringIO(), **options)


def object_counts():
    models = [
        Page, Revision, Site, DjangoSite, SiteSettings, get_image_model(),
        Product, Category, ProductCategory, ProductImage, StockRecord,
        User, Group, EmailAddress,
    ]  # fmt: skip
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    seed_demo(domain="127.0.0.1:8000")


def test_running_again_creates_nothing_new(seeded):
    first = object_counts()

    seed_demo(domain="127.0.0.1:8000")

    assert object_counts() == first
    assert first["catalogue.Product"] >= 60
    assert first["catalogue.Category"] >= 14
    # The demo accounts, plus the venue providers that demo.venues adds beyond them.
    assert first["auth.User"] == len(set(DEMO_ACCOUNTS) | set(VENUE_PROVIDER_EMAILS))


def test_every_product_has_one_image_one_stock_record_and_a_category(seeded):
    products = Product.objects.annotate(
        images_count=Count("images", distinct=True),
        stock_count=Count("stockrecords", distinct=True),
        category_count=Count("categories", distinct=True),
    )
    assert {(p.images_count, p.stock_count, p.category_count) for p in products} == {(1, 1, 1)}
    assert all(
        image.original.storage.exists(image.original.name) for image in ProductImage.objects.all()
    )


def test_wagtail_and_django_sites_serve_the_home_page_at_the_same_address(seeded):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert DjangoSite.objects.get(pk=1).domain == "127.0.0.1:8000"
    assert site.root_page.specific_class is HomePage
    assert site.root_page.live and site.root_page.slug == "home"
    assert not Page.objects.filter(depth=2).exact_type(Page).exists()  # Wagtail's welcome page
    assert set(ContentPage.objects.live().in_menu().values_list("slug", flat=True)) == {
        "about",
        "delivery",
        "contact",
    }
    assert SiteSettings.for_site(site).contact_email


def test_each_role_has_a_member_who_can_sign_in(seeded):
    for role, spec in ROLES.items():
        members = User.objects.filter(groups__name=role)  # venue providers: one per demo venue
        assert members.exists(), role
        for user in members:
            assert user.is_staff is spec["is_staff"]
            assert user.check_password(DEMO_PASSWORD)
            assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    assert User.objects.get(email="admin@example.com").is_superuser


def test_running_again_restores_demo_values_but_keeps_page_edits(seeded):
    stock = StockRecord.objects.first()
    price = stock.price
    StockRecord.objects.filter(pk=stock.pk).update(price=Decimal("0.01"), num_in_stock=999)
    shopper = User.objects.get(email="shopper@example.com")
    shopper.set_password("changed-by-shopper")
    shopper.save()
    ContentPage.objects.filter(slug="about").update(title="About the team")

    seed_demo(domain="127.0.0.1:8000")

    stock.refresh_from_db()
    shopper.refresh_from_db()
    assert stock.price == price and stock.num_in_stock != 999
    assert shopper.check_password(DEMO_PASSWORD)
    assert ContentPage.objects.get(slug="about").title == "About the team"


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs in development"):
        seed_demo()

    assert not User.objects.exists()
    assert not HomePage.objects.exists()


def test_the_demo_history_emails_nobody_and_prints_no_message(settings, capsys, monkeypatch):
    # `make demo` uses the console backend: a confirmation sent while seeding (the demo's orders
    # and bookings) would be printed over the progress bar, and sent with a real backend.
    from django.core.mail import send_mail

    from demo.management.commands import seed_demo as command

    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    step = ("Orders", lambda: send_mail("Your order", "Thanks", None, ["a@example.com"]))
    monkeypatch.setattr(command, "demo_steps", lambda *args: [step])
    monkeypatch.setattr(command.Command, "print_summary", lambda self, seconds: None)
    seed_demo(domain="127.0.0.1:8000")
    assert "Subject:" not in capsys.readouterr().out
