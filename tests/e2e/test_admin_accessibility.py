"""Our own admin screens pass axe-core's checks (WCAG 2 A and AA rules): the campaign report
with its charts, the newsletter's send page and the campaign listing."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from playwright.sync_api import expect

from marketing.models import Campaign, CampaignVisit, Newsletter, TrackedLink
from tests.e2e.test_venue_moderation_journey import sign_in, verified_user
from tests.factories import make_home_page

AXE = Path(__file__).parent / "assets" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, context="main"):
    """Serious and critical violations inside `context` (our content, not Wagtail's menu)."""
    # Colours are measured as they end up, not halfway through a message fading in.
    page.evaluate(
        """async () => {
            const ending = document.getAnimations()
                .filter((a) => a.effect?.getTiming().iterations !== Infinity);
            await Promise.all(ending.map((a) => a.finished.catch(() => null)));
        }"""
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async ([context, tags]) => {
            const result = await axe.run(context, {runOnly: {type: "tag", values: tags}});
            return result.violations
                .filter((v) => ["serious", "critical"].includes(v.impact))
                .map((v) => ({id: v.id, help: v.help, nodes: v.nodes.map((n) => n.html)}));
        }""",
        [context, WCAG],
    )
    return result


@pytest.fixture
def marketing_data():
    campaign = Campaign.objects.create(
        name="Spring", slug="spring", starts_on=date(2026, 3, 1), budget=D("100.00")
    )
    for n in range(3):
        CampaignVisit.objects.create(
            campaign=campaign, session_key=f"s{n}", day=date(2026, 3, 2 + n)
        )
    TrackedLink.objects.create(
        campaign=campaign, label="Flyer", utm_source="flyer", utm_medium="print"
    )
    newsletter = Newsletter.objects.create(title="November", subject="New venues this month")
    return campaign, newsletter


def test_custom_admin_views_pass_axe(page, browser_log, marketing_data):
    make_home_page()
    campaign, newsletter = marketing_data
    user = verified_user("admin", [])
    user.is_superuser = user.is_staff = True
    user.save()

    report_url = f"/admin/snippets/marketing/campaign/report/{campaign.pk}/"
    sign_in(page, user, report_url)
    expect(page.get_by_role("heading", name="Sessions by day")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/admin/snippets/marketing/newsletter/send/{newsletter.pk}/")
    expect(page.get_by_role("button", name="Send a test")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/admin/snippets/marketing/campaign/")
    expect(page.get_by_role("link", name="Spring")).to_be_visible()
    assert axe_violations(page) == []
    assert browser_log.server_errors == []
