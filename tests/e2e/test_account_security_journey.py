"""A visitor signs up, verifies their address from the emailed link, turns on an authenticator
app, signs out, and signs back in with a code computed from the app's secret."""

import re
import time

from django.core import mail
from playwright.sync_api import expect

from tests.accounts.conftest import totp_code
from tests.factories import make_home_page

EMAIL = "robin@example.com"
PASSWORD = "tidal-lantern-harbour-42"


def wait_for_mail(count):
    deadline = time.monotonic() + 10
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(mail.outbox) >= count, [m.subject for m in mail.outbox]
    return mail.outbox[count - 1]


def test_sign_up_verify_enable_totp_and_sign_in_with_a_code(page, browser_log):
    make_home_page()
    main = page.get_by_role("main")  # the footer has a newsletter form of its own

    page.goto("/accounts/signup/")
    main.get_by_label("Email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    main.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    confirmation = wait_for_mail(1)
    assert confirmation.to == [EMAIL]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", confirmation.body).group(1)
    page.goto(link)
    main.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Account")).to_be_visible()  # signed in

    page.goto("/accounts/2fa/totp/activate/")
    main.get_by_label("Password").fill(PASSWORD)  # allauth asks again before security changes
    main.get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    main.get_by_label("Authenticator code").fill(totp_code(secret))
    main.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Recovery Codes").first).to_be_visible()

    page.goto("/accounts/logout/")
    main.get_by_role("button", name="Sign Out").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()

    page.goto("/accounts/login/?next=/accounts/profile/")
    main.get_by_label("Email").fill(EMAIL)
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    main.get_by_label("Code").fill(totp_code(secret))
    main.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_role("heading", name="Your profile", exact=True)).to_be_visible()
    assert not browser_log.server_errors, browser_log
