"""Shop staff use Oscar's dashboard under its strict Content-Security-Policy: its scripts run
(nonce), its inline "cancel" handler runs (hash), and the browser refuses nothing."""

from playwright.sync_api import expect

from tests.e2e.test_venue_moderation_journey import sign_in, verified_user
from tests.factories import make_home_page


def test_the_dashboard_works_under_its_policy(page, browser_log, settings):
    settings.ACCOUNTS_MFA_REQUIRED_GROUPS = []  # a second factor is another journey's subject
    make_home_page()
    staff = verified_user("shop-staff", ["Shop staff"])
    sign_in(page, staff, "/shop/dashboard/")

    for path in ["/shop/dashboard/orders/", "/shop/dashboard/catalogue/"]:
        page.goto(path)
        expect(page.locator("body")).to_be_visible()
    page.goto("/shop/dashboard/catalogue/product-type/create/")
    page.get_by_role("link", name="cancel").first.click()  # onclick="window.history.go(-1)…"
    expect(page).to_have_url("/shop/dashboard/catalogue/")

    refused = [line for line in browser_log.console_errors if "Content Security" in line]
    assert refused == [], refused
    assert browser_log.console_errors == [], str(browser_log)
    assert browser_log.server_errors == []
