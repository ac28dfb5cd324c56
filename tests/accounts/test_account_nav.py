"""One account area: every account page, whoever renders it (ours, allauth, Oscar, bookings),
shows the same navigation with the page's own section marked."""

import re

import pytest
from django.urls import reverse

from tests.accounts.conftest import make_user

pytestmark = pytest.mark.django_db

SECTIONS = [
    "profile",
    "orders",
    "bookings",
    "addresses",
    "wishlists",
    "security",
    "sessions",
    "personal-data",
]

PAGES = [
    ("accounts:profile", "profile"),
    ("customer:order-list", "orders"),
    ("bookings:mine", "bookings"),
    ("customer:address-list", "addresses"),
    ("customer:address-create", "addresses"),
    ("customer:wishlists-list", "wishlists"),
    ("account_change_password", "security"),
    ("account_email", "security"),
    ("mfa_index", "security"),
    ("usersessions_list", "sessions"),
    ("accounts:data", "personal-data"),
]

NAV_ITEM = re.compile(r'<a class="nav-link( active)?" href="[^"]+" data-account-nav="([\w-]+)"')


@pytest.mark.parametrize(("url_name", "current"), PAGES)
def test_each_account_page_has_the_one_nav_with_its_section_marked(
    client, home_page, url_name, current
):
    client.force_login(make_user())
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    items = NAV_ITEM.findall(html)
    assert [key for _, key in items] == SECTIONS  # the same sections, in the same order
    assert [key for active, key in items if active] == [current]
    assert html.count('aria-current="page"') >= 1
    assert f'data-account-nav="{current}" aria-current="page"' in html


def test_a_booking_page_marks_bookings(client, home_page):
    from accounts.navigation import items_for

    marked = [item["key"] for item in items_for("bookings:reschedule-confirm") if item["current"]]
    assert marked == ["bookings"]
    assert [i["key"] for i in items_for("customer:order") if i["current"]] == ["orders"]
    assert [i["key"] for i in items_for("accounts:delete") if i["current"]] == ["personal-data"]
    assert not [i for i in items_for("catalogue:index") if i["current"]]
