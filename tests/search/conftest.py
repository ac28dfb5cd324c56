"""Search test fixtures: every reachable engine, and the same documents for each."""

import os
import uuid
from datetime import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from search.documents import Document

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_ANALYSIS = os.environ.get("ELASTICSEARCH_ANALYSIS", "full")
# In CI every engine must run: a missing Elasticsearch fails its cases instead of skipping them.
ELASTICSEARCH_REQUIRED = os.environ.get("CI") == "true"
LONDON = ZoneInfo("Europe/London")


def weekly(opens_hour, closes_hour, days=range(7)):
    """Openings [opens, closes) in the week from Monday 4 March 2024 (London), on `days`."""
    return [
        (when(2024, 3, 4 + day, opens_hour), when(2024, 3, 4 + day, closes_hour)) for day in days
    ]


def when(*args):
    return datetime(*args, tzinfo=LONDON)


CONTRACT_DOCUMENTS = [
    Document(
        kind="venue",
        object_id=1,
        title="Harbour Coffee House",
        url="/venues/harbour-coffee-house/",
        summary="Fresh coffee and pastries by the water",
        categories=["Cafe"],
        tags=["coffee", "wifi"],
        city="Portmarrow",
        lat=50.12,
        lon=-5.54,
        rating=4.6,
        published_at=when(2024, 1, 10),
        open_periods=weekly(8, 18),
    ),
    Document(
        kind="venue",
        object_id=2,
        title="Lighthouse Bakery",
        url="/venues/lighthouse-bakery/",
        summary="Sourdough bread baked at dawn",
        categories=["Bakery"],
        tags=["bread", "coffee"],
        city="Portmarrow",
        lat=50.13,
        lon=-5.52,
        rating=3.8,
        published_at=when(2024, 2, 1),
        open_periods=weekly(7, 13),
    ),
    Document(
        kind="venue",
        object_id=3,
        title="Moorland Gallery",
        url="/venues/moorland-gallery/",
        summary="Paintings of the moor and the sea",
        categories=["Gallery"],
        tags=["art"],
        city="Tregarth",
        lat=50.30,
        lon=-5.00,
        rating=4.2,
        published_at=when(2023, 11, 5),
        open_periods=weekly(10, 17, days=range(1, 6)),
    ),
    Document(
        kind="product",
        object_id=10,
        title="Beeswax pillar candle",
        url="/shop/catalogue/beeswax-pillar-candle_10/",
        summary="Hand-poured beeswax candle that burns for forty hours",
        categories=["Home & Living", "Home & Living > Candles"],
        tags=["Physical goods"],
        price=D("12.50"),
        rating=4.5,
        published_at=when(2024, 3, 1),
    ),
    Document(
        kind="product",
        object_id=11,
        title="Sea salt candle",
        url="/shop/catalogue/sea-salt-candle_11/",
        summary="A candle scented with sea salt and driftwood",
        categories=["Home & Living", "Home & Living > Candles"],
        tags=["Physical goods"],
        price=D("8.75"),
        rating=3.1,
        published_at=when(2024, 3, 5),
    ),
    Document(
        kind="product",
        object_id=12,
        title="Harbour tote bag",
        url="/shop/catalogue/harbour-tote-bag_12/",
        summary="Canvas tote printed with the quay",
        categories=["Bags"],
        tags=["Physical goods"],
        price=D("34.00"),
        published_at=when(2024, 1, 20),
    ),
    Document(
        kind="product",
        object_id=13,
        title="Storm lantern",
        url="/shop/catalogue/storm-lantern_13/",
        summary="A brass lantern for stormy nights",
        categories=["Home & Living", "Home & Living > Lighting"],
        tags=["Physical goods"],
        price=D("120.00"),
        rating=4.9,
        published_at=when(2023, 12, 1),
    ),
    Document(
        kind="page",
        object_id=20,
        title="Delivery and returns",
        url="/delivery/",
        summary="How we deliver your order",
        body="We deliver across the country within three working days.",
        published_at=when(2023, 10, 1),
    ),
]


def _elasticsearch_engine():
    from search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine(prefix=f"test-{uuid.uuid4().hex[:12]}")
    engine.check()
    return engine


def _drop_elasticsearch_indices(engine):
    engine.client.indices.delete(index=f"{engine.alias}*", ignore_unavailable=True)


ENGINE_PARAMS = [
    pytest.param("database", id="database"),
    pytest.param(
        "elasticsearch",
        id="elasticsearch",
        marks=pytest.mark.skipif(
            not (ELASTICSEARCH_URL or ELASTICSEARCH_REQUIRED),
            reason="ELASTICSEARCH_URL is not set: no Elasticsearch to test",
        ),
    ),
]


@pytest.fixture(params=ENGINE_PARAMS)
def empty_engine(request, db, settings):
    """Each reachable engine, empty, and configured as the site's engine."""
    settings.SEARCH_ENGINE = request.param
    if request.param == "database":
        from search.engines.database import DatabaseEngine

        yield DatabaseEngine()
        return
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.ELASTICSEARCH_ANALYSIS = ELASTICSEARCH_ANALYSIS
    engine = _elasticsearch_engine()
    settings.SEARCH_INDEX_PREFIX = engine.alias.removesuffix("-documents")
    try:
        yield engine
    finally:
        _drop_elasticsearch_indices(engine)


@pytest.fixture
def engine(empty_engine):
    """Each reachable engine holding CONTRACT_DOCUMENTS."""
    empty_engine.index(CONTRACT_DOCUMENTS)
    return empty_engine


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what was queued with transaction.on_commit when the block ends, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# Services, a product that cannot be bought, and editorial pages about the same thing: for
# typos, "did you mean", the ranking order, availability and snippets.
SPA_DOCUMENTS = [
    Document(
        kind="venue",
        object_id=101,
        title="Saltwater Spa",
        url="/venues/saltwater-spa/",
        summary="Sea-water pools, steam rooms and quiet lounges by the pier",
        body="Spend a whole afternoon in our pools.",
        search_terms=["Hot stone massage", "Spa day pass", "Amira Haddad", "Tom Bright"],
        city="Brighton",
        published_at=when(2024, 1, 1),
    ),
    Document(
        kind="venue",
        object_id=102,
        title="Harbour Massage Rooms",
        url="/venues/harbour-massage-rooms/",
        summary="Therapists for sports and deep tissue work",
        search_terms=["Sports massage"],
        city="Bristol",
        published_at=when(2024, 1, 2),
    ),
    Document(
        kind="product",
        object_id=111,
        title="Hot stone massage",
        url="/shop/catalogue/hot-stone-massage_111/",
        summary="Warm basalt stones ease tired muscles",
        price=D("85.00"),
        venue="Saltwater Spa",
        search_terms=["Saltwater Spa"],
        published_at=when(2024, 2, 1),
    ),
    Document(
        kind="product",
        object_id=112,
        title="Hot stone massage",
        url="/shop/catalogue/hot-stone-massage_112/",
        summary="Warm basalt stones ease tired muscles",
        price=D("80.00"),
        venue="Lighthouse Day Spa",
        search_terms=["Lighthouse Day Spa"],
        published_at=when(2024, 2, 2),
    ),
    Document(
        kind="product",
        object_id=113,
        title="Sports massage",
        url="/shop/catalogue/sports-massage_113/",
        summary="Loosens the muscles you train",
        price=D("50.00"),
        venue="Harbour Massage Rooms",
        search_terms=["Harbour Massage Rooms"],
        published_at=when(2024, 2, 3),
    ),
    Document(
        kind="product",
        object_id=114,
        title="Massage oil",
        url="/shop/catalogue/massage-oil_114/",
        summary="Almond oil with lavender",
        price=D("12.00"),
        available=False,
        published_at=when(2024, 3, 1),
    ),
    Document(
        kind="post",
        object_id=121,
        title="Five reasons to book a massage",
        url="/blog/five-reasons/",
        summary="Why a regular treatment helps",
        published_at=when(2024, 4, 1),
    ),
    Document(
        kind="page",
        object_id=131,
        title="Massage",
        url="/massage/",
        summary="What to expect from a treatment",
        published_at=when(2023, 1, 1),
    ),
    Document(
        kind="page",
        object_id=132,
        title="Gift vouchers",
        url="/gift-vouchers/",
        summary="Give a day at the spa",
        body="Vouchers cover any treatment, massage included.",
        published_at=when(2024, 5, 1),
    ),
]


@pytest.fixture
def spa_engine(empty_engine):
    """Each reachable engine holding SPA_DOCUMENTS."""
    empty_engine.index(SPA_DOCUMENTS)
    return empty_engine
