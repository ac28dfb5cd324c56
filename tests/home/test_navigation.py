"""The main navigation leads with what shoppers come for: venues, the shop, the journal, then
the pages every site has; the footer invites businesses to list their venue."""

import re

import pytest

from blog.models import BlogIndexPage
from home.models import ContentPage
from venues.models import VenueIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(home_page):
    # Made in the order an editor might have added them: the tree order is not the menu's.
    for page in (
        ContentPage(title="About us", show_in_menus=True),
        BlogIndexPage(title="Journal", slug="journal", show_in_menus=True),
        ContentPage(title="Contact", show_in_menus=True),
        VenueIndexPage(title="Venues", slug="venues", show_in_menus=True),
    ):
        home_page.add_child(instance=page).save_revision().publish()
    return home_page


def main_nav(html):
    nav = re.search(r'<ul class="navbar-nav site-nav">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'<a class="nav-link[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def test_venues_shop_and_journal_come_before_about_and_contact(client, sections):
    links = main_nav(client.get("/about-us/").content.decode())

    assert [title for _url, title in links] == [
        "Venues",
        "Shop",
        "Journal",
        "About us",
        "Contact",
    ]
    assert ("/shop/", "Shop") in links


def test_the_current_section_is_marked(client, sections):
    html = client.get("/shop/catalogue/").content.decode()

    assert re.search(r'class="nav-link is-active" href="/shop/"', html)


def test_the_footer_links_to_the_venue_application(client, sections):
    html = client.get("/").content.decode()

    assert '<a href="/venues/apply/">List your venue</a>' in html
    assert client.get("/venues/apply/").status_code == 200


def test_without_a_venue_index_the_footer_has_no_application_link(client, home_page):
    html = client.get("/").content.decode()

    assert "List your venue" not in html
