"""A page routed through its parent keeps it: breadcrumbs and `get_parent()` need no query."""

import pytest
from wagtail.models import Page

from core.routing import known_parent, remember_parent, specific_child
from home.models import ContentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(home_page):
    return home_page.add_child(instance=ContentPage(title="About", slug="about"))


def test_a_freshly_loaded_page_knows_no_parent(child):
    assert known_parent(Page.objects.get(pk=child.pk)) is None


def test_a_remembered_parent_is_returned_without_a_query(
    child, home_page, django_assert_num_queries
):
    page = remember_parent(Page.objects.get(pk=child.pk), home_page)
    with django_assert_num_queries(0):
        assert known_parent(page) is home_page
        assert page.get_parent() is home_page


def test_a_parent_read_once_is_known(child, home_page):
    page = Page.objects.get(pk=child.pk)
    parent = page.get_parent()
    assert parent.pk == home_page.pk and known_parent(page) is parent


def test_a_child_found_by_slug_remembers_its_parent(child, home_page, django_assert_num_queries):
    page = specific_child(home_page, "about")
    assert isinstance(page, ContentPage)
    with django_assert_num_queries(0):
        assert page.get_parent() is home_page
