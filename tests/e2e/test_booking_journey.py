"""A customer picks a venue, a service and a time, pays with the demo payment, finds the
booking under "My bookings" and cancels it after a confirmation that states the refund."""

import re
from datetime import time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model
from playwright.sync_api import expect

from bookings.models import Booking
from tests.factories import DEFAULT_PASSWORD, UserFactory, make_home_page
from venues.models import OpeningHours, VenueIndexPage, VenuePage
from venues.services import DURATION_ATTRIBUTE, VENUE_SERVICE_CLASS

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
AttributeValue = get_model("catalogue", "ProductAttributeValue")
StockRecord = get_model("partner", "StockRecord")


def venue_with_a_service():
    home = make_home_page()
    index = home.add_child(instance=VenueIndexPage(title="Venues", slug="venues"))
    index.save_revision().publish()
    partner = Partner.objects.create(name="Saltwater Spa")
    venue = VenuePage(
        title="Saltwater Spa",
        summary="Pools and steam.",
        city="Brighton",
        partner=partner,
        booking_lead_time_minutes=0,
        opening_hours=[OpeningHours(weekday=d, opens=time(9), closes=time(17)) for d in range(7)],
    )
    index.add_child(instance=venue)
    venue.save_revision().publish()
    service_class = ProductClass.objects.get(slug=VENUE_SERVICE_CLASS)
    product = Product.objects.create(
        title="Hot Stone Massage", product_class=service_class, structure=Product.STANDALONE
    )
    AttributeValue.objects.create(
        product=product,
        attribute=ProductAttribute.objects.get(
            product_class=service_class, code=DURATION_ATTRIBUTE
        ),
        value_integer=60,
    )
    StockRecord.objects.create(
        product=product,
        partner=partner,
        partner_sku="HSM-1",
        price=Decimal("50.00"),
        price_currency=settings.OSCAR_DEFAULT_CURRENCY,
    )
    return venue, product


def test_book_pay_see_and_cancel(page, browser_log):
    venue, product = venue_with_a_service()
    customer = UserFactory(username="cora", email="cora@example.com")
    EmailAddress.objects.create(user=customer, email=customer.email, verified=True, primary=True)
    day = timezone.localtime(timezone.now(), venue.zone).date() + timedelta(days=2)

    page.goto("/accounts/login/?next=/venues/")
    page.get_by_label("Email").fill(customer.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url("/venues/")

    page.get_by_role("link", name="Saltwater Spa").first.click()
    expect(page).to_have_url(venue.url)
    picker = page.locator("#book")
    picker.get_by_label("Service").select_option(label="Hot Stone Massage")
    picker.get_by_label("Date").fill(day.isoformat())
    picker.get_by_role("button", name="Show times").click()
    picker.get_by_role("button", name="Book 10:00").click()

    expect(page).to_have_url("/shop/basket/")
    expect(page.get_by_text("is held for you")).to_be_visible()
    page.get_by_role("link", name=re.compile("Proceed to checkout", re.I)).first.click()
    expect(page).to_have_url("/shop/checkout/details/")
    page.get_by_label("Your name").fill("Sam Rivers")
    page.get_by_label("Phone number").fill("07911 123456")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url("/shop/checkout/preview/")
    expect(page.get_by_text("Demo payment – no charge").first).to_be_visible()
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url("/shop/checkout/thank-you/")

    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED
    assert timezone.localtime(booking.start, venue.zone).time() == time(10)
    assert any(m.subject.startswith("Booking confirmed") for m in mail.outbox)

    page.goto("/bookings/")
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(upcoming.get_by_text("Hot Stone Massage")).to_be_visible()
    upcoming.get_by_role("link", name="Cancel booking").click()
    expect(page.get_by_text("You will be refunded £60.00")).to_be_visible()
    page.get_by_role("button", name="Yes, cancel this booking").click()
    expect(page.get_by_text("Your booking is cancelled")).to_be_visible()
    expect(page.get_by_text("is on its way back to you")).to_be_visible()
    expect(
        page.get_by_role("region", name="Past and cancelled").get_by_text("Cancelled", exact=True)
    ).to_be_visible()

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.refunded_amount == Decimal("60.00")
    assert browser_log.server_errors == []
    assert browser_log.missing_static == []
    assert browser_log.console_errors == []
