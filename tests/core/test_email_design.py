"""Every transactional email comes in the one design: the brand's HTML layout and its plain-text
twin, one sign-off, no empty fields and no usernames.

`EMAILS` lists every email the site sends to a person; `test_every_email_template_is_covered`
fails when a template appears in an email folder that no entry renders, so the list stays whole.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import allauth
import pytest
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.test.signals import template_rendered

from accounts.adapter import AccountAdapter
from accounts.emails import send_templated
from bookings.tasks import send_booking_email
from marketing.models import Subscriber
from marketing.tasks import send_confirmation_email
from shop.tasks import alert_staff, send_order_email, send_payment_failed_email
from tests.bookings.conftest import (  # noqa: F401 (fixtures)
    book_and_pay,
    category,
    make_image,
    make_service,
    make_venue,
    next_slot,
    open_venue,
    service,
    stripe_fake,
    venue_index,
)
from venues import tasks as venue_tasks

pytestmark = pytest.mark.django_db

BRAND_COLOUR = "#7a2e3b"
USERNAME = "hidden_login_name"
SIGN_OFF = "The {brand} team"

PROJECT_TEMPLATES = Path(settings.BASE_DIR) / "templates"
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
EMAIL_FOLDERS = [
    PROJECT_TEMPLATES / "oscar/communication/emails",
    PROJECT_TEMPLATES / "bookings/email",
    PROJECT_TEMPLATES / "accounts/email",
    PROJECT_TEMPLATES / "account/email",
    PROJECT_TEMPLATES / "venues/email",
    PROJECT_TEMPLATES / "emails",
    ALLAUTH_TEMPLATES / "account/email",
    ALLAUTH_TEMPLATES / "mfa/email",
]
# The newsletter has its own editorial design (docs/marketing.md); only its confirmation is
# transactional.
MARKETING_EMAILS = ["marketing/email/confirm.txt", "marketing/email/confirm.html"]


def allauth_prefixes():
    prefixes = set()
    for folder in ("account/email", "mfa/email"):
        for path in (ALLAUTH_TEMPLATES / folder).glob("*_message.txt"):
            if not path.name.startswith("base_"):
                prefixes.add(f"{folder}/{path.name.removesuffix('_message.txt')}")
    return sorted(prefixes)


@dataclass
class World:
    """Everything the emails talk about: a guest's order with a booked service, an account."""

    booking: object
    order: object
    user: object
    venue: object


@dataclass(frozen=True)
class Email:
    name: str
    send: Callable[[World], None]
    booking: bool = False  # the email is about an appointment


def allauth_context(world):
    return {
        "user": world.user,
        "activate_url": "https://example.com/accounts/confirm-email/KEY/",
        "password_reset_url": "https://example.com/accounts/password/reset/key/1-set/",
        "signup_url": "https://example.com/accounts/signup/",
        "code": "ABC123",
        "username": USERNAME,
        "from_email": "old@example.com",
        "to_email": "new@example.com",
        "deleted_email": "old@example.com",
        "email": world.user.email,
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": "3 December 2026 17:00",
    }


def send_allauth(prefix):
    def send(world):
        request = RequestFactory().get("/")
        request.user = world.user
        AccountAdapter(request).send_mail(prefix, world.user.email, allauth_context(world))

    return send


def send_venue(template, **context):
    def send(world):
        application = SimpleNamespace(
            business_name="Quayside Yoga",
            city="Bristol",
            contact_name="Rowan",
            review_note="We list venues in Cornwall only for now.",
            email="rowan@example.com",
        )
        venue_tasks.send(
            f"venues/email/{template}.txt",
            "rowan@example.com",
            {"application": application, "user": world.user, "venue": world.venue, **context},
        )

    return send


def send_confirmation(world):
    subscriber = Subscriber.objects.create(email="reader@example.com", source="footer")
    send_confirmation_email(subscriber.pk)


EMAILS = [
    Email("order placed", lambda w: send_order_email(w.order.pk, "ORDER_PLACED"), booking=True),
    Email("order shipped", lambda w: send_order_email(w.order.pk, "ORDER_SHIPPED")),
    Email(
        "order cancelled",
        lambda w: send_order_email(w.order.pk, "ORDER_CANCELLED", {"by_customer": True}),
    ),
    Email(
        "order refunded",
        lambda w: send_order_email(w.order.pk, "ORDER_REFUNDED", {"amount": "12.50"}),
    ),
    Email(
        "payment failed",
        lambda w: send_payment_failed_email("guest@example.com", "Your card was declined"),
    ),
    Email("booking confirmed", lambda w: send_booking_email(w.booking.pk, "confirmed"), True),
    Email("booking reminder", lambda w: send_booking_email(w.booking.pk, "reminder"), True),
    Email(
        "booking moved",
        lambda w: send_booking_email(
            w.booking.pk, "rescheduled", {"previous_start": "Mon 7 Dec 2026, 10:00"}
        ),
        True,
    ),
    Email("booking cancelled", lambda w: send_booking_email(w.booking.pk, "cancelled")),
    Email(
        "personal data export",
        lambda w: send_templated(
            "accounts/email/data_export_ready",
            w.user.email,
            {"user": w.user, "download_url": "https://example.com/x/", "expiry_hours": 24},
        ),
    ),
    *[Email(f"allauth {prefix}", send_allauth(prefix)) for prefix in allauth_prefixes()],
    Email("venue application received", send_venue("application_received")),
    Email("venue application rejected", send_venue("application_rejected")),
    Email(
        "venue application for staff",
        send_venue("application_for_staff", review_url="https://example.com/r/"),
    ),
    Email(
        "venue provider invitation",
        send_venue("provider_invitation", set_password_url="https://example.com/p/"),
    ),
    Email(
        "venue changes approved",
        send_venue("moderation_outcome", approved=True, page_url="https://example.com/v/"),
    ),
    Email(
        "venue changes refused",
        send_venue("moderation_outcome", approved=False, comment="Add opening hours."),
    ),
    Email("newsletter confirmation", send_confirmation),
    Email("staff alert", lambda w: alert_staff("Low stock", "Two candles left.")),
]


@pytest.fixture
def brand(settings):
    from wagtail.models import Site

    from home.models import SiteSettings

    chosen = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    chosen.brand_name = "Harbour Test"
    chosen.brand_colour = BRAND_COLOUR
    chosen.address = "1 Quay Street\nFalmouth TR11 3HH"
    chosen.save()
    settings.SHOP_STAFF_EMAILS = ["staff@example.com"]
    return chosen


@pytest.fixture
def world(
    brand,
    client,
    open_venue,  # noqa: F811 (fixtures imported above)
    make_service,  # noqa: F811
    user_factory,
    django_capture_on_commit_callbacks,
):
    open_venue.street_address = "4 Harbour Row"
    open_venue.city = "Falmouth"
    open_venue.postcode = "TR11 2AB"
    open_venue.save()
    product = make_service(open_venue, title="Hot Stone Massage")
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_and_pay(client, product, next_slot(product))
    user = user_factory(username=USERNAME, email="member@example.com", first_name="Maya")
    mail.outbox.clear()
    return World(booking=booking, order=booking.order_line.order, user=user, venue=open_venue)


def sent(email, world, capture):
    with capture(execute=True):
        email.send(world)
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    html = next(body for body, kind in message.alternatives if kind == "text/html")
    return message, message.body, html


EMPTY_FIELD = re.compile(r"[:,][ \t]+(\n|,|$)|\bHello ,|\(\s*\)", re.MULTILINE)


@pytest.mark.parametrize("email", EMAILS, ids=lambda email: email.name)
def test_every_email_comes_in_the_one_design(email, world, django_capture_on_commit_callbacks):
    message, text, html = sent(email, world, django_capture_on_commit_callbacks)
    sign_off = SIGN_OFF.format(brand="Harbour Test")

    assert "body-wrap" in html and BRAND_COLOUR in html  # the one layout, in the brand's colour
    assert html.count(sign_off) == 1 and text.count(sign_off) == 1
    assert "1 Quay Street" in text and "1 Quay Street" in html  # the brand's address
    for old_sign_off in ("Thanks for using our site", "Thank you for using", "The team\n"):
        assert old_sign_off not in text and old_sign_off not in html
    for body in (message.subject, text, html):
        assert "None" not in body
        assert USERNAME not in body
        assert not EMPTY_FIELD.search(body), EMPTY_FIELD.search(body)
    assert "&amp;" not in text and "<p>" not in text  # plain text is plain

    if email.booking:
        for body in (text, html):
            assert "Hot Stone Massage" in body and "Tidewater Spa" in body
            assert world.booking.local_start.strftime("%H:%M") in body
        if email.name.startswith("booking"):
            assert "4 Harbour Row" in text and "TR11 2AB" in html
            assert "calendar.ics" in text and 'href="http' in html  # add to calendar
            assert message.attachments[0][0] == "booking.ics"


def test_an_email_without_a_logo_names_the_brand_and_with_one_shows_it(
    brand,
    make_image,  # noqa: F811
):
    from core.emails import compose

    assert "Harbour Test" in compose("Hi")[1] and "<img" not in compose("Hi")[1]
    brand.logo = make_image()
    brand.save()
    html = compose("Hi")[1]
    assert '<img src="http' in html and 'alt="Harbour Test"' in html


def test_every_email_template_is_covered(world, django_capture_on_commit_callbacks):
    """Each template in an email folder is rendered by some entry of EMAILS."""
    rendered = set()

    def record(sender, template, **kwargs):
        rendered.add(template.origin.name)

    template_rendered.connect(record)
    try:
        for email in EMAILS:
            mail.outbox.clear()
            sent(email, world, django_capture_on_commit_callbacks)
    finally:
        template_rendered.disconnect(record)
    rendered_names = {str(Path(name).resolve()) for name in rendered}

    expected = {
        str(path.resolve())
        for folder in EMAIL_FOLDERS
        for path in folder.glob("*")
        if path.is_file()
    }
    expected |= {str((PROJECT_TEMPLATES / name).resolve()) for name in MARKETING_EMAILS}
    # allauth's own copies that ours replace are never loaded: ours are.
    overridden = {
        str((ALLAUTH_TEMPLATES / "account/email" / path.name).resolve())
        for path in (PROJECT_TEMPLATES / "account/email").glob("*")
    }
    assert sorted(expected - overridden - rendered_names) == []
