"""The anonymous full-page cache (core/page_cache.py) on Wagtail pages."""

import re

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from wagtail.models import Page

from core import page_cache
from home.models import ContentPage, SiteSettings

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_CDN_SECONDS = 30


@pytest.fixture
def about(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = home_page.add_child(
            instance=ContentPage(title="About us", intro="First words", show_in_menus=True)
        )
    return page


def publish(page, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, about, django_assert_num_queries
):
    first = client.get(about.url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(about.url)
    assert second["X-Page-Cache"] == "hit"
    assert "First words" in second.content.decode()
    assert "Cookie" in second["Vary"]


def test_a_hit_gives_each_visitor_a_csrf_token_of_their_own_that_works(client, about):
    client.get(about.url)  # stored; the footer's newsletter form carries a CSRF token
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(about.url)
    assert page["X-Page-Cache"] == "hit"
    # Tokens and a cookie of this visitor's own: a shared cache in front must not keep it.
    assert page["Cache-Control"] == "private, no-cache"
    assert "csrftoken" in page.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert "page-cache" not in page.content.decode()
    signup = visitor.post(
        "/newsletter/signup/", {"csrfmiddlewaretoken": token, "email": "a@example.com"}
    )
    assert signup.status_code != 403
    # A visitor who already has a CSRF cookie gets tokens of it, and no new cookie.
    again = visitor.get(about.url)
    assert again["X-Page-Cache"] == "hit"
    second = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again.content.decode())[1]
    assert (
        visitor.post(
            "/newsletter/signup/", {"csrfmiddlewaretoken": second, "email": "a@example.com"}
        ).status_code
        != 403
    )
    stranger = Client(enforce_csrf_checks=True)
    stranger.cookies["csrftoken"] = "x" * 32
    assert (
        stranger.post(
            "/newsletter/signup/", {"csrfmiddlewaretoken": token, "email": "a@example.com"}
        ).status_code
        == 403
    )


def test_a_hit_carries_a_fresh_csp_nonce_matching_its_header(client, about):
    client.get(about.url)
    nonces = set()
    for _ in range(2):
        response = Client().get(about.url)
        assert response["X-Page-Cache"] == "hit"
        body_nonces = set(NONCE.findall(response.content.decode()))
        header = response.get("Content-Security-Policy") or response.get(
            "Content-Security-Policy-Report-Only", ""
        )
        for nonce in body_nonces:
            assert f"'nonce-{nonce}'" in header
        nonces |= body_nonces
        assert "page-cache-nonce" not in header
    if nonces:  # the layout has inline scripts on this page: each hit had its own nonce
        assert len(nonces) == 2


def test_conditional_get_answers_304(client, about):
    first = client.get(about.url)
    etag = first["ETag"]
    assert first["Last-Modified"]
    response = Client().get(about.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag
    assert Client().get(about.url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_publishing_a_page_shows_at_once(client, about, django_capture_on_commit_callbacks):
    client.get(about.url)
    publish(about, django_capture_on_commit_callbacks, intro="Second words")
    response = Client().get(about.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Second words" in response.content.decode()


def test_a_draft_saved_without_publishing_is_never_shown(
    client, about, django_capture_on_commit_callbacks
):
    client.get(about.url)
    with django_capture_on_commit_callbacks(execute=True):
        about.intro = "Draft words"
        about.save_revision()
    assert "Draft words" not in Client().get(about.url).content.decode()


def test_unpublishing_a_page_removes_it(client, about, django_capture_on_commit_callbacks):
    client.get(about.url)
    url = about.url
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert Client().get(url).status_code == 404


def test_a_new_page_in_the_menu_shows_on_cached_pages(
    client, about, home_page, django_capture_on_commit_callbacks
):
    client.get(about.url)
    with django_capture_on_commit_callbacks(execute=True):
        home_page.add_child(instance=ContentPage(title="Opening times", show_in_menus=True))
    assert "Opening times" in Client().get(about.url).content.decode()


def test_a_site_settings_change_shows_at_once(client, about, django_capture_on_commit_callbacks):
    client.get(about.url)
    settings_row = SiteSettings.for_site(about.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.brand_name = "Quayside Rooms"
        settings_row.save()
    assert "Quayside Rooms" in Client().get(about.url).content.decode()


def test_a_deploy_starts_afresh(client, about, settings):
    client.get(about.url)
    settings.PAGE_CACHE_VERSION = "next-release"
    assert Client().get(about.url)["X-Page-Cache"] == "miss"


def test_a_write_rolled_back_does_not_invalidate(client, about):
    # The generation moves only once the change is committed: a rolled-back save (the test's
    # own transaction never commits) leaves the cached page in place.
    client.get(about.url)
    about.title = "Never committed"
    about.save()
    assert Client().get(about.url)["X-Page-Cache"] == "hit"


def test_setting_zero_turns_it_off(client, about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(about.url)
    response = Client().get(about.url)
    assert "X-Page-Cache" not in response


def test_never_for_signed_in_visitors(client, about, user_factory):
    client.force_login(user_factory())
    client.get(about.url)
    response = client.get(about.url)
    assert "X-Page-Cache" not in response
    # and what they saw was not stored for anyone else
    assert Client().get(about.url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "cookie",
    ["sessionid", "messages", "oscar_open_basket", page_cache.BYPASS_COOKIE],
)
def test_never_for_a_visitor_with_a_session_basket_or_messages(client, about, cookie):
    Client().get(about.url)  # stored
    client.cookies[cookie] = "something"
    response = client.get(about.url)
    assert "X-Page-Cache" not in response


def test_a_pending_message_is_shown_not_a_cached_page(client, about, rf):
    Client().get(about.url)
    request = rf.get("/")
    storage = CookieStorage(request)
    # A real message cookie, as a redirect after a form leaves it.
    from django.http import HttpResponse

    response = HttpResponse()
    storage.add(20, "Thanks for signing up")
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    page = client.get(about.url)
    assert "X-Page-Cache" not in page
    assert "Thanks for signing up" in page.content.decode()


def test_never_for_post_or_campaign_visits(client, about):
    Client().get(about.url)
    assert "X-Page-Cache" not in client.post(about.url)
    visit = client.get(about.url + "?utm_source=newsletter&utm_campaign=spring")
    assert "X-Page-Cache" not in visit
    referred = client.get(about.url, HTTP_REFERER="https://elsewhere.example/")
    assert "X-Page-Cache" not in referred


def test_a_query_string_is_its_own_page(client, about):
    client.get(about.url)
    assert Client().get(about.url + "?page=2")["X-Page-Cache"] == "miss"


def test_previews_are_never_stored(client, about, user_factory):
    editor = user_factory(is_superuser=True, is_staff=True)
    client.force_login(editor)
    preview = client.post(
        f"/admin/pages/{about.pk}/edit/preview/",
        {"title": "About us", "slug": about.slug, "intro": "Preview words", "body-count": "0"},
    )
    assert preview.status_code == 200
    shown = client.get(f"/admin/pages/{about.pk}/edit/preview/?mode=")
    assert "Preview words" in shown.content.decode()
    assert "X-Page-Cache" not in shown
    anonymous = Client().get(about.url)
    assert "Preview words" not in anonymous.content.decode()


def test_invalidating_an_unknown_concern_is_a_mistake():
    with pytest.raises(ValueError):
        page_cache.invalidate("weather")


def test_pages_other_than_marked_views_are_never_stored(client, home_page):
    client.get("/shop/basket/")
    assert "X-Page-Cache" not in Client().get("/shop/basket/")


def test_page_tree_changes_invalidate(client, about, home_page, django_capture_on_commit_callbacks):
    other = home_page.add_child(instance=ContentPage(title="Elsewhere"))
    client.get(about.url)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=about.pk).move(other, pos="last-child")
    moved_away = Client().get(about.url)
    assert moved_away.status_code != 200 and "X-Page-Cache" not in moved_away


def test_pages_answer_while_the_cache_is_down_and_it_steps_aside(client, about, settings):
    from config.cache_settings import redis_cache

    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6390/6")}  # nothing listens
    try:
        response = client.get(about.url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert page_cache.generations() is None  # paused: no more waiting on the cache
        assert Client().get(about.url).status_code == 200
    finally:
        page_cache._paused_until = 0.0


def test_a_page_with_nothing_of_one_visitor_may_be_kept_by_a_cdn(settings):
    from django.http import HttpResponse

    shared = {"body": b"<p>Same for all</p>", "cookies": [], "etag": '"a"', "last_modified": 0}
    response = HttpResponse()
    page_cache.add_validators(response, shared)
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=30"
    assert response["Vary"] == "Cookie"
    own = {**shared, "body": b"<input value='" + page_cache.CSRF_PLACEHOLDER + b"'>"}
    response = HttpResponse()
    page_cache.add_validators(response, own)
    assert response["Cache-Control"] == "private, no-cache"


def test_head_requests_are_answered_from_the_cache(client, about):
    client.get(about.url)
    response = Client().head(about.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert response.content == b""
