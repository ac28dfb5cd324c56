import pytest

from blog.models import BlogIndexPage, BlogPage
from home.models import ContentPage, FormPage, HomePage, LandingPage

pytestmark = pytest.mark.django_db


def test_blog_index_lives_under_the_home_page_once():
    assert BlogIndexPage.parent_page_types == ["home.HomePage"]
    assert BlogIndexPage.max_count == 1
    assert BlogIndexPage.allowed_subpage_models() == [BlogPage]


def test_posts_live_only_under_the_blog_index_and_have_no_children():
    assert BlogPage.allowed_parent_page_models() == [BlogIndexPage]
    assert BlogPage.allowed_subpage_models() == []


def test_landing_pages_sit_under_home_and_hold_only_form_pages():
    assert LandingPage.allowed_parent_page_models() == [HomePage]
    assert LandingPage.allowed_subpage_models() == [FormPage]


def test_form_pages_sit_under_home_content_or_landing_pages():
    assert set(FormPage.allowed_parent_page_models()) == {HomePage, ContentPage, LandingPage}
    assert FormPage.allowed_subpage_models() == []


def test_a_second_blog_index_cannot_be_created(blog_index, home_page):
    assert not BlogIndexPage.can_create_at(home_page)
