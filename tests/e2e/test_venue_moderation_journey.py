"""A provider edits their venue in the Wagtail admin and submits it; a moderator approves it;
the change is live on the public page."""

import re

from allauth.account.models import EmailAddress
from django.core import mail
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, UserFactory, make_home_page
from venues.models import VenueIndexPage, VenuePage
from venues.provisioning import grant_venue_permissions

Partner = get_model("partner", "Partner")


def sign_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(next_url)


def sign_out(page):
    page.context.clear_cookies()


def verified_user(username, roles):
    user = UserFactory(username=username, roles=roles)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_provider_edit_goes_live_after_moderator_approval(page, browser_log):
    home = make_home_page()
    index = home.add_child(instance=VenueIndexPage(title="Venues", slug="venues"))
    index.save_revision().publish()
    venue = index.add_child(
        instance=VenuePage(
            title="Saltwater Spa",
            summary="Pools and steam.",
            city="Brighton",
            partner=Partner.objects.create(name="Saltwater Spa"),
        )
    )
    venue.save_revision().publish()
    provider = verified_user("provider", ["Venue providers"])
    venue.partner.users.add(provider)
    grant_venue_permissions(venue, provider)
    moderator = verified_user("moderator", ["Moderators"])
    edit_url = f"/admin/pages/{venue.pk}/edit/"

    sign_in(page, provider, edit_url)
    page.get_by_role("textbox", name="Summary").fill("Pools, steam and a new cold plunge.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Venue moderation")).click()
    expect(page.get_by_text("has been submitted for moderation")).to_be_visible()
    page.goto(venue.url)
    expect(page.get_by_text("Pools and steam.").first).to_be_visible()  # not live yet
    sign_out(page)

    sign_in(page, moderator, edit_url)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("^Approve")).first.click()
    approve_in_dialog = page.get_by_role("dialog").get_by_role("button", name=re.compile("Approve"))
    if approve_in_dialog.count():
        approve_in_dialog.first.click()
    expect(page.get_by_text("Approved and published: 'Saltwater Spa' is live.")).to_be_visible()
    sign_out(page)

    page.goto(venue.url)
    expect(page.get_by_text("Pools, steam and a new cold plunge.").first).to_be_visible()
    assert VenuePage.objects.get(pk=venue.pk).summary == "Pools, steam and a new cold plunge."
    assert any(provider.email in message.to for message in mail.outbox)
    assert browser_log.server_errors == []
    assert browser_log.missing_static == []
