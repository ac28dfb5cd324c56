"""A guest books and pays, the visit takes place (the clock moved on in the database), the
"How was your visit?" email arrives, they review through its link, and the venue's card on the
index shows the new rating."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking
from reviews.tasks import send_review_invitations

from .test_booking_journey import venue_with_a_service


def travel_past_the_visit(booking):
    """The appointment happened three hours ago and the venue marked it completed."""
    length = booking.end - booking.start
    end = timezone.now() - timedelta(hours=3)
    Booking.objects.filter(pk=booking.pk).update(
        start=end - length, end=end, busy_until=end, status=Booking.Status.COMPLETED
    )


def test_guest_reviews_a_visit_from_the_email_and_the_card_shows_it(page, browser_log):
    venue, _product = venue_with_a_service()
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
    page.get_by_label("Your name").fill("Sam Rivers")
    page.get_by_label("Phone number").fill("07911 123456")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url("/shop/checkout/thank-you/")

    travel_past_the_visit(Booking.objects.get())
    assert send_review_invitations() == 1
    invitation = next(m for m in mail.outbox if m.subject.startswith("How was your visit"))
    assert invitation.to == ["sam@example.com"]
    link = re.search(r"https?://\S+/reviews/visit/\S+/link/\S+/", invitation.body).group(0)

    page.context.clear_cookies()  # later, from the email
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name=re.compile("How was your visit"))).to_be_visible()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Publish review"))
    for group in ("rating", "service_rating", "cleanliness_rating", "value_rating"):
        form.locator(f'input[name="{group}"][value="5"]').check()
    form.get_by_label("Title").fill("Blissful afternoon")
    form.get_by_label("Your review").fill(
        "The therapist was careful and kind, the room warm and quiet. Already booked again."
    )
    form.get_by_role("button", name="Publish review").click()

    expect(page).to_have_url(re.compile(r"/venues/saltwater-spa/$"))
    expect(page.get_by_text("your review is published")).to_be_visible()
    expect(page.locator("[data-review]").first).to_contain_text("Blissful afternoon")

    page.goto("/venues/")
    card = page.locator(".venue-card").filter(has_text="Saltwater Spa")
    expect(card.locator("[data-venue-rating]")).to_contain_text("5.0")
    expect(card.locator("[data-venue-rating]")).to_contain_text("1 review")
    assert browser_log.server_errors == []
    assert browser_log.console_errors == []
