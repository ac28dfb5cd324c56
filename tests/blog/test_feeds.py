"""RSS 2.0 and Atom feeds of the blog and of a category parse and list the right posts."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def posts(make_post, guides, news, author):
    return {
        "guide": make_post("Packing guide", categories=[guides], authors=[author]),
        "news": make_post("New venue open", categories=[news]),
        "draft": make_post("Unfinished", categories=[guides], publish=False),
    }


def rss_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required) is not None and channel.find(required).text
    items = channel.findall("item")
    for item in items:
        assert item.find("link").text.startswith("http")
        assert item.find("pubDate") is not None
        assert item.find("guid") is not None
    return [item.find("title").text for item in items]


def atom_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("title", "id", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feed/atom/")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("title", "id", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    return [entry.find(f"{ATOM}title").text for entry in entries]


def test_blog_rss_feed(client, blog_index, posts):
    titles = rss_titles(client.get("/blog/feed/"))
    assert titles == ["New venue open", "Packing guide"]


def test_blog_atom_feed(client, blog_index, posts):
    response = client.get("/blog/feed/atom/")
    assert atom_titles(response) == ["New venue open", "Packing guide"]
    root = ET.fromstring(response.content)
    guide = [
        e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}title").text == "Packing guide"
    ]
    assert guide[0].find(f"{ATOM}author/{ATOM}name").text == "Ada Lovelace"
    assert guide[0].find(f"{ATOM}category").get("term") == "Guides"


def test_category_feeds(client, blog_index, posts):
    assert rss_titles(client.get("/blog/category/guides/feed/")) == ["Packing guide"]
    assert atom_titles(client.get("/blog/category/guides/feed/atom/")) == ["Packing guide"]


def test_unknown_category_feed_is_404(client, blog_index):
    assert client.get("/blog/category/nope/feed/").status_code == 404


def test_index_advertises_its_feeds(client, blog_index, posts):
    content = client.get("/blog/").content.decode()
    assert 'type="application/rss+xml"' in content and 'href="/blog/feed/"' in content
    assert 'type="application/atom+xml"' in content and 'href="/blog/feed/atom/"' in content


@pytest.mark.alone  # query counts and limits other workers' traffic upsets (pyproject)
def test_feed_queries_do_not_grow_with_posts(client, blog_index, make_post, guides, author):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/blog/feed/").status_code == 200
        return len(captured)

    make_post(categories=[guides], authors=[author])
    queries()  # the first request also warms caches (site root paths)
    few = queries()
    for _ in range(5):
        make_post(categories=[guides], authors=[author])
    queries()  # publishing drops cached listings: warm again, as the first visitor would
    assert queries() == few
