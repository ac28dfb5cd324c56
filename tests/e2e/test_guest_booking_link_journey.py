"""A guest books a time, opens the link in the confirmation email, moves the booking to
another time and cancels it, each after a confirmation page that states the money."""

import re
from datetime import time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking

from .test_booking_journey import venue_with_a_service


def test_guest_books_then_changes_and_cancels_by_link(page, browser_log):
    venue, product = venue_with_a_service()
    day = timezone.localtime(timezone.now(), venue.zone).date() + timedelta(days=2)

    page.goto(venue.url)
    picker = page.locator("#book")
    picker.get_by_label("Service").select_option(label="Hot Stone Massage")
    picker.get_by_label("Date").fill(day.isoformat())
    picker.get_by_role("button", name="Show times").click()
    picker.get_by_role("button", name="Book 10:00").click()
    expect(page).to_have_url("/shop/basket/")
    page.get_by_role("link", name=re.compile("Proceed to checkout", re.I)).first.click()
    page.get_by_label("Email address").fill("sam@example.com")
    page.get_by_label(re.compile("guest", re.I)).check()
    page.get_by_role("button", name=re.compile("Continue", re.I)).click()
    expect(page).to_have_url("/shop/checkout/details/")
    page.get_by_label("Your name").fill("Sam Rivers")
    page.get_by_label("Phone number").fill("07911 123456")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url("/shop/checkout/preview/")
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url("/shop/checkout/thank-you/")
    expect(
        page.locator(".order-bookings").get_by_role(
            "link", name=re.compile("Hot Stone Massage at Saltwater Spa")
        )
    ).to_be_visible()

    confirmation = next(m for m in mail.outbox if m.subject.startswith("Booking confirmed"))
    assert confirmation.to == ["sam@example.com"]
    link = re.search(r"https?://\S+/bookings/\S+/link/\S+/", confirmation.body).group(0)
    page.context.clear_cookies()  # later, from the email, in a fresh browser session
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Hot Stone Massage at Saltwater Spa")).to_be_visible()
    expect(page.get_by_text("£60.00").first).to_be_visible()

    page.get_by_role("link", name="Change time").click()
    expect(page.get_by_role("button", name="Move to 10:00")).to_have_count(0)
    page.get_by_role("button", name="Move to 14:00").click()
    expect(page.get_by_text("the £60.00 paid stays with this booking")).to_be_visible()
    page.get_by_role("button", name="Yes, move my booking").click()
    expect(page.get_by_text("Your booking now starts at 14:00")).to_be_visible()

    booking = Booking.objects.get()
    assert timezone.localtime(booking.start, venue.zone).time() == time(14)
    assert booking.sequence == 1

    page.get_by_role("link", name="Cancel booking").click()
    expect(page.get_by_text("You will be refunded £60.00")).to_be_visible()
    page.get_by_role("button", name="Yes, cancel this booking").click()
    expect(page.get_by_text("Your booking is cancelled")).to_be_visible()
    expect(page.locator("[data-booking-status]")).to_contain_text("Cancelled")

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.refunded_amount == Decimal("60.00")
    assert any(m.subject.startswith("Booking moved") for m in mail.outbox)
    assert browser_log.server_errors == []
    assert browser_log.missing_static == []
    assert browser_log.console_errors == []
