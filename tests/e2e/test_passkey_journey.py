"""A member adds a passkey (Chromium's virtual authenticator stands in for the device), signs
out, and signs back in with the passkey alone."""

import re

from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.accounts.conftest import make_user
from tests.factories import DEFAULT_PASSWORD, make_home_page


def add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_add_a_passkey_and_sign_in_with_it(page, browser_log):
    make_home_page()
    user = make_user("kim")
    add_virtual_authenticator(page)

    page.goto("/accounts/login/?next=/accounts/2fa/webauthn/add/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.locator("#id_password").fill(DEFAULT_PASSWORD)  # allauth asks again first
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Add Security Key")).to_be_visible()
    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    # The first second factor comes with recovery codes, shown next.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()

    page.context.clear_cookies()
    page.goto("/accounts/login/?next=/accounts/profile/")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_role("heading", name="Your profile", exact=True)).to_be_visible()
    assert not browser_log.server_errors, browser_log
