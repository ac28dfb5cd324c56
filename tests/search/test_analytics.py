"""Search analytics: searches and clicks recorded without personal data and without ever
failing a search, the staff report and who may read it, and pruning."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from search import analytics, tasks
from search.models import SearchClick, SearchRecord

pytestmark = pytest.mark.django_db

CLICK = "/search/click/"


@pytest.fixture
def spa(spa_engine, home_page):
    return spa_engine


def make_search(query, results, days_ago=0, clicks=0):
    search = SearchRecord.objects.create(
        query=query,
        engine="database",
        results=results,
        searched_at=timezone.now() - timedelta(days=days_ago),
    )
    for position in range(1, clicks + 1):
        SearchClick.objects.create(search=search, result=f"product:{position}", position=position)
    return search


def test_a_search_is_recorded_with_nothing_about_who_made_it(client, spa, user_factory):
    client.force_login(user_factory(username="shopper"))
    response = client.get("/search/", {"q": "  Masage  "}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    (record,) = SearchRecord.objects.all()
    assert (record.query, record.engine) == ("masage", settings.SEARCH_ENGINE)
    assert record.results == response.context["results"].total > 0
    stored = {field.name for field in SearchRecord._meta.get_fields()}
    assert stored == {"id", "searched_at", "query", "engine", "results", "clicks"}
    html = response.content.decode()
    assert f'data-search-id="{record.pk}"' in html and 'data-search-clicks="/search/click/"' in html
    assert 'data-result="product:111"' in html


def test_personal_details_in_a_query_are_masked():
    assert analytics.normalise_query("Call Jo  jo.bloggs@example.com 07700 900 123") == (
        "call jo [email] [number]"
    )
    assert analytics.normalise_query("x" * 500) == "x" * 200
    assert analytics.normalise_query("a\x00b") == "ab"


def test_browsing_further_pages_and_the_api_are_not_searches(client, spa):
    client.get("/search/")
    client.get("/search/", {"q": "massage", "page": 2, "page_size": 2})
    client.get("/search/api/", {"q": "massage"})
    assert not SearchRecord.objects.exists()


def test_a_failing_write_never_fails_the_search(client, spa, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SearchRecord.objects, "create", broken)
    response = client.get("/search/", {"q": "massage"})
    assert response.status_code == 200
    assert "Hot stone massage" in response.content.decode()
    assert "data-search-id" not in response.content.decode()
    assert "could not record a search" in caplog.text


def test_a_click_is_recorded_from_the_beacon(client, spa):
    search = make_search("massage", 8)
    response = client.post(CLICK, {"search_id": search.pk, "result": "product:111", "position": 2})
    assert response.status_code == 204
    (click,) = search.clicks.all()
    assert (click.result, click.position) == ("product:111", 2)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"search_id": "x", "result": "product:1", "position": 1},
        {"search_id": 1, "result": "javascript:alert(1)", "position": 1},
        {"search_id": 1, "result": "product:1\n", "position": 1},
        {"search_id": 1, "result": "product:1", "position": 0},
        {"search_id": "1\x00", "result": "product:1", "position": 1},
    ],
)
def test_bad_clicks_are_400(client, data):
    assert client.post(CLICK, data).status_code == 400
    assert not SearchClick.objects.exists()


def test_a_click_on_an_unknown_or_pruned_search_is_ignored(client, db):
    response = client.post(CLICK, {"search_id": 999999, "result": "product:1", "position": 1})
    assert response.status_code == 204
    assert not SearchClick.objects.exists()
    assert client.get(CLICK).status_code == 405


def test_report_counts_top_and_zero_result_queries_and_click_through(db):
    make_search("massage", 8, clicks=2)
    make_search("massage", 8)
    make_search("massage", 8, clicks=1)
    make_search("candles", 3, days_ago=2)
    make_search("sauna near me", 0, days_ago=3)
    make_search("sauna near me", 0)
    make_search("old query", 0, days_ago=40)
    with CaptureQueriesContext(connection) as queries:
        report = analytics.report(days=30)
    assert len(queries) == 3
    assert (report.searches, report.zero_result_searches, report.clicked_searches) == (6, 2, 2)
    assert report.click_through_rate == pytest.approx(33.3)
    assert report.zero_result_rate == pytest.approx(33.3)
    assert [(row["query"], row["searches"]) for row in report.top_queries] == [
        ("massage", 3),
        ("sauna near me", 2),
        ("candles", 1),
    ]
    assert report.top_queries[0]["click_through_rate"] == pytest.approx(66.7)
    assert [(row["query"], row["searches"]) for row in report.zero_result_queries] == [
        ("sauna near me", 2)
    ]
    assert analytics.report(days=90).zero_result_queries[1]["query"] == "old query"


def test_an_empty_period_reports_no_rates(db):
    report = analytics.report(days=7)
    assert (report.searches, report.click_through_rate, report.top_queries) == (0, None, [])


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        (["Editors"], True),
        (["Moderators"], True),
        (["Marketers"], True),
        (["Venue providers"], False),
        (["Shop staff"], False),
    ],
)
def test_the_admin_report_is_for_editors_moderators_and_marketers(
    client, home_page, user_factory, roles, allowed
):
    make_search("massage", 8, clicks=1)
    make_search("sauna near me", 0)
    client.force_login(user_factory(username="staff", roles=roles))
    url = reverse("search_report")
    response = client.get(url, {"days": "7"})
    if allowed:
        assert response.status_code == 200
        html = response.content.decode()
        assert "Top searches" in html and "sauna near me" in html and "50.0%" in html
    else:
        assert response.status_code in (302, 403)
        assert b"Top searches" not in response.content
    menu = client.get(reverse("wagtailadmin_home"))
    assert (url in menu.content.decode()) is allowed


def test_the_report_ignores_an_unknown_period(admin_client):
    response = admin_client.get(reverse("search_report"), {"days": "<script>"})
    assert response.status_code == 200
    assert response.context["report"].days == 30


def test_old_searches_and_their_clicks_are_pruned(db, settings):
    settings.SEARCH_ANALYTICS_RETENTION_DAYS = 30
    old = make_search("old", 1, days_ago=31, clicks=2)
    recent = make_search("recent", 1, days_ago=29, clicks=1)
    assert tasks.prune_search_analytics.delay().get() == 1
    assert list(SearchRecord.objects.all()) == [recent]
    assert not SearchClick.objects.filter(search_id=old.pk).exists()
    assert SearchClick.objects.filter(search=recent).count() == 1


def test_pruning_runs_nightly_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["prune-search-analytics"]
    assert entry["task"] == "search.tasks.prune_search_analytics"


def test_average_results_count_each_search_once_however_many_clicks(db):
    make_search("candles", 3, clicks=3)
    make_search("candles", 5)
    (row,) = analytics.report(days=7).top_queries
    assert (row["searches"], row["clicked"], row["average_results"]) == (2, 1, 4.0)
