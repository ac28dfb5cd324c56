"""The Elasticsearch engine against a live node: rebuilds under load, a node that stops, and
pages that keep working while search is down."""

import threading
import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from elasticsearch import Elasticsearch

from config import health
from search.documents import Document
from search.engines.base import SearchUnavailable
from search.engines.elastic import ElasticsearchEngine
from search.query import SearchQuery

from .conftest import (
    CONTRACT_DOCUMENTS,
    ELASTICSEARCH_ANALYSIS,
    ELASTICSEARCH_REQUIRED,
    ELASTICSEARCH_URL,
)
from .tcp_proxy import TcpProxy

needs_elasticsearch = pytest.mark.skipif(
    not (ELASTICSEARCH_URL or ELASTICSEARCH_REQUIRED),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch to test",
)
CLOSED_PORT_URL = "http://127.0.0.1:9"  # nothing listens on the discard port


def many_documents(count, start=1000):
    return [
        Document(
            kind="product",
            object_id=start + number,
            title=f"Candle number {number}",
            url=f"/shop/catalogue/candle_{number}/",
            summary="A hand-poured candle",
            categories=["Home & Living"],
        )
        for number in range(count)
    ]


def engine_at(url, prefix, **client_options):
    client = Elasticsearch(url, request_timeout=5, **client_options)
    return ElasticsearchEngine(client=client, prefix=prefix)


@pytest.fixture
def live(settings):
    """A fresh index prefix on the live node, dropped afterwards."""
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.ELASTICSEARCH_ANALYSIS = ELASTICSEARCH_ANALYSIS
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    engine = engine_at(ELASTICSEARCH_URL, prefix)
    engine.check()
    yield engine
    engine.client.indices.delete(index=f"{engine.alias}*", ignore_unavailable=True)


@needs_elasticsearch
def test_searches_answer_throughout_a_rebuild(live):
    """The alias moves in one call: a search during a rebuild sees the old index or the new
    one, never an error and never an empty result set."""
    live.rebuild([CONTRACT_DOCUMENTS])
    searcher = engine_at(ELASTICSEARCH_URL, live.alias.removesuffix("-documents"))
    errors, empty, searches = [], [], []
    stop = threading.Event()

    def search_in_a_loop():
        while not stop.is_set():
            try:
                results = searcher.search(SearchQuery(text="coffee"))
            except Exception as error:  # noqa: BLE001 - every failure counts
                errors.append(error)
                continue
            searches.append(results.total)
            if not results.total:
                empty.append(results)

    thread = threading.Thread(target=search_in_a_loop)
    thread.start()
    try:
        for _ in range(3):
            batches = [CONTRACT_DOCUMENTS, *(many_documents(300, 1000 + b * 300) for b in range(5))]
            assert live.rebuild(batches) == len(CONTRACT_DOCUMENTS) + 1500
    finally:
        stop.set()
        thread.join(timeout=30)
    assert errors == []
    assert empty == []
    assert len(searches) > 10
    assert len(live.client.indices.get_alias(name=live.alias)) == 1  # old indices are gone


@needs_elasticsearch
def test_a_node_stopping_mid_stream_loses_no_update(live):
    """Indexing that dies with the node raises an error the indexing task retries on; the
    retry (which re-reads the committed state) leaves every document in the index."""
    target = urlsplit(ELASTICSEARCH_URL)
    proxy = TcpProxy(target.hostname, target.port or 9200).start()
    try:
        engine = engine_at(proxy.url, live.alias.removesuffix("-documents"), max_retries=0)
        engine.index(CONTRACT_DOCUMENTS)
        documents = many_documents(2000)
        proxy.cut_after = proxy.forwarded + 64 * 1024  # partway through the bulk request
        with pytest.raises(ElasticsearchEngine.transient_errors):
            engine.index(documents)
        with pytest.raises(SearchUnavailable):
            engine.search(SearchQuery(text="candle"))
        proxy.restore()
        engine.index(documents)  # what the task's retry does
        assert engine.counts()["product"] == 2000 + sum(
            1 for document in CONTRACT_DOCUMENTS if document.kind == "product"
        )
        assert engine.search(SearchQuery(text="candle", page_size=1)).total >= 2000
    finally:
        proxy.cut()


@needs_elasticsearch
@pytest.mark.django_db
def test_readiness_follows_the_node(live, client, settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    health.recent_result.forget()  # anonymous callers share a recent result: start afresh
    assert client.get("/readyz").json()["checks"]["search"]["status"] == "ok"
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    health.recent_result.forget()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"]["status"] == "error"


@pytest.fixture
def search_is_down(db, settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL


@pytest.mark.parametrize(
    "path",
    ["/search/?q=candle", "/search/?q=candle&kind=venue&sort=distance&lat=50&lon=-5"],
)
def test_search_page_says_search_is_unavailable(search_is_down, client, path):
    response = client.get(path)
    assert response.status_code == 503
    assert "Search is unavailable right now." in response.content.decode()
    assert b'name="q"' in response.content  # the box is still there to try again


def test_search_api_and_suggestions_answer_503_with_a_message(search_is_down, client):
    for url in (reverse("site_search:api") + "?q=candle", reverse("site_search:suggest") + "?q=ca"):
        response = client.get(url)
        assert response.status_code == 503
        assert "unavailable" in response.json()["error"]


def test_catalogue_says_search_is_unavailable(search_is_down, client):
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 503
    assert "Search is unavailable right now." in response.content.decode()
