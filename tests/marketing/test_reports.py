"""Reports marketers can read: money with its currency, charts with axes and dates, a table
beside each chart, real page titles, searchable listings with exports."""

import re
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from oscar.test.factories import create_order

from marketing.charts import bar_chart, nice_step
from marketing.models import Campaign, CampaignVisit, OrderAttribution, TrackedLink
from marketing.reports import campaign_report, money
from shop.money import format_money

FLOAT_ARTEFACT = re.compile(r"\d\.\d{3,}")


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        name="Spring", slug="spring", starts_on=date(2026, 3, 1), budget=D("1000.00")
    )


@pytest.fixture
def campaign_with_orders(campaign):
    for n, day in enumerate([date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 4)]):
        CampaignVisit.objects.create(campaign=campaign, session_key=f"s{n}", day=day)
    for placed in (datetime(2026, 3, 2, 10), datetime(2026, 3, 4, 12)):
        order = create_order()
        order.date_placed = timezone.make_aware(placed)
        order.save()
        OrderAttribution.objects.create(order=order, campaign=campaign)
    TrackedLink.objects.create(
        campaign=campaign,
        label="Flyer",
        destination="/shop/",
        utm_source="flyer",
        utm_medium="print",
    )
    return campaign


@given(st.decimals(min_value=D("0.01"), max_value=D("1e9"), places=2))
def test_the_axis_step_covers_the_highest_value_in_four_round_steps(top):
    step = nice_step(top)
    assert step * 4 >= top
    assert step < top  # never a single giant step
    digits = step.normalize().as_tuple().digits
    assert "".join(map(str, digits)).rstrip("0") in {"1", "2", "25", "5"}


@given(st.integers(min_value=1, max_value=10**6))
def test_count_axes_step_in_whole_numbers(top):
    step = nice_step(D(top), whole=True)
    assert step == step.to_integral_value() and step >= 1 and step * 4 >= top


def test_money_from_a_database_sum_has_the_currencys_places():
    assert money(D("244.800000000000")) == D("244.80")
    assert str(money(None)) == "0.00"


def days(*revenues):
    return [
        {"day": date(2026, 3, 1 + n), "sessions": n, "revenue": revenue}
        for n, revenue in enumerate(revenues)
    ]


def test_a_money_chart_has_currency_on_its_axis_dates_and_values_in_tooltips():
    chart = bar_chart(
        days(D("244.800000000000"), D("0.00"), D("12.5")),
        "revenue",
        title="Revenue by day",
        format_value=format_money,
    )
    assert [bar.tooltip for bar in chart.bars] == [
        "1 Mar 2026: £244.80",
        "2 Mar 2026: £0.00",
        "3 Mar 2026: £12.50",
    ]
    assert [tick.label for tick in chart.y_ticks] == [
        "£0.00",
        "£100.00",
        "£200.00",
        "£300.00",
        "£400.00",
    ]
    assert [tick.label for tick in chart.x_ticks] == ["1 Mar", "2 Mar", "3 Mar"]
    assert (
        chart.summary
        == "Revenue by day from 1 Mar 2026 to 3 Mar 2026; highest £244.80 on 1 Mar 2026."
    )
    # The tallest bar reaches its value on the axis: 244.80 of 400 above the baseline.
    tallest = chart.bars[0]
    assert tallest.height == pytest.approx(
        (chart.plot_bottom - chart.y_ticks[-1].position) * 0.612, abs=0.2
    )


def test_a_long_range_labels_at_most_seven_dates():
    chart = bar_chart(
        [{"day": date(2026, 3, 1 + n), "sessions": n} for n in range(30)], "sessions", title="S"
    )
    assert len(chart.bars) == 30 and 1 < len(chart.x_ticks) <= 7
    assert [tick.label for tick in chart.y_ticks] == ["0", "10", "20", "30", "40"]


def test_an_empty_range_draws_no_chart():
    assert bar_chart([], "sessions", title="Sessions").bars == []


def test_the_campaign_report_page_shows_money_charts_and_a_table(
    admin_client, campaign_with_orders
):
    campaign = campaign_with_orders
    report = campaign_report(campaign)
    response = admin_client.get(
        reverse("wagtailsnippets_marketing_campaign:report", args=[campaign.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert format_money(report.revenue) in html and format_money(campaign.budget) in html
    assert not FLOAT_ARTEFACT.search(re.sub(r"<svg.*?</svg>", "", html, flags=re.S))
    # Three charts, each named and described, with a tooltip per day (2, 3 and 4 March).
    assert html.count('<svg role="img"') == 3
    assert html.count("<desc id=") == 3 and "Every value is in the table" in html
    assert "<title>4 Mar 2026: " + format_money(report.days[-1]["revenue"]) + "</title>" in html
    assert '<th scope="row">3 Mar 2026</th>' in html  # the table alternative has every day
    # A real title, not just "Home": in the browser tab and as the header's last breadcrumb.
    assert re.search(r"<title>\s*Report: Spring", html)
    assert "Campaigns" in html and "Report" in html
    # Tracked links: a copy button and the QR code shown inline.
    link = campaign.links.get()
    assert 'data-copy-target="tracked-link-1"' in html
    assert f'<img class="report-qr" src="{link.qr_url("svg")}"' in html


def test_the_newsletter_send_page_is_titled_after_the_newsletter(admin_client, newsletter):
    response = admin_client.get(
        reverse("wagtailsnippets_marketing_newsletter:send", args=[newsletter.pk])
    )
    assert re.search(r"<title>\s*Send and report: November", response.content.decode())


@pytest.mark.parametrize(
    "listing",
    ["wagtailsnippets_marketing_campaign:list", "wagtailsnippets_marketing_newsletter:list"],
)
def test_marketing_listings_search_without_shop_sort_options(admin_client, campaign, listing):
    html = admin_client.get(reverse(listing)).content.decode()
    assert 'name="sort_by"' not in html and "Price high to low" not in html
    assert 'name="q"' in html


def test_campaign_listing_searches_and_exports(admin_client, campaign):
    Campaign.objects.create(name="Autumn", slug="autumn", starts_on=date(2026, 9, 1))
    url = reverse("wagtailsnippets_marketing_campaign:list")
    html = admin_client.get(url, {"q": "autu"}).content.decode()
    assert "Autumn" in html and "Spring" not in html
    assert format_money(D("1000.00")) in admin_client.get(url).content.decode()
    exported = admin_client.get(url, {"export": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    rows = exported.getvalue().decode().splitlines()
    assert rows[0] == "Name,Slug,Starts on,Ends on,Budget"
    assert "Spring,spring,2026-03-01,,1000.00" in rows
    xlsx = admin_client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.getvalue()[:2] == b"PK"


def test_tracked_link_fields_have_human_labels(admin_client, campaign):
    html = admin_client.get(
        reverse("wagtailsnippets_marketing_campaign:edit", args=[campaign.pk])
    ).content.decode()
    assert "UTM source" in html and "Utm source" not in html


def test_the_shop_search_form_is_still_on_storefront_pages(client, home_page):
    assert 'name="q"' in client.get("/").content.decode()
