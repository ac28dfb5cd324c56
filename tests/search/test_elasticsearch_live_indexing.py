"""The indexing pipeline against a live Elasticsearch node: saves reach the index once their
transaction commits, a change to a related row reindexes what shows it, and reconciliation
repairs an index that drifted from the database."""

import uuid
from decimal import Decimal as D

import pytest
from django.db import transaction
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.test.factories import create_product

from search.engines import get_engine
from search.indexing import reconcile
from search.query import SearchQuery
from shop.pricing import price_of_product

from .conftest import ELASTICSEARCH_ANALYSIS, ELASTICSEARCH_REQUIRED, ELASTICSEARCH_URL

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (ELASTICSEARCH_URL or ELASTICSEARCH_REQUIRED),
        reason="ELASTICSEARCH_URL is not set: no Elasticsearch to test",
    ),
]


@pytest.fixture
def engine(settings):
    """The site's configured engine is Elasticsearch, on an index prefix of this test's own."""
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.ELASTICSEARCH_ANALYSIS = ELASTICSEARCH_ANALYSIS
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    engine = get_engine()
    engine.check()
    yield engine
    engine.client.indices.delete(index=f"{engine.alias}*", ignore_unavailable=True)


def titles(engine, text):
    return [hit.title for hit in engine.search(SearchQuery(text=text)).hits]


def test_a_save_is_searchable_once_its_transaction_commits(engine, on_commit):
    with on_commit():
        create_product(title="Driftwood mirror", price=D("40.00"), num_in_stock=3)
        # Nothing reaches the node before the commit.
        assert not engine.client.indices.exists_alias(name=engine.alias)
    assert titles(engine, "driftwood") == ["Driftwood mirror"]


def test_a_rolled_back_save_never_reaches_the_index(engine, on_commit):
    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        create_product(title="Driftwood mirror", price=D("40.00"))
        raise RuntimeError("the request failed")
    engine.ensure_index()
    assert titles(engine, "driftwood") == []


def test_a_delete_removes_the_document(engine, on_commit):
    with on_commit():
        product = create_product(title="Driftwood mirror", price=D("40.00"))
    with on_commit():
        product.delete()
    assert titles(engine, "driftwood") == []


def test_a_price_change_reindexes_the_product(engine, on_commit):
    with on_commit():
        product = create_product(title="Driftwood mirror", price=D("40.00"), num_in_stock=3)
    before = price_of_product(product).amount
    record = product.stockrecords.get()
    record.price = D("55.00")
    with on_commit():
        record.save()
    [hit] = engine.search(SearchQuery(text="driftwood")).hits
    # The figure a shopper sees (with tax by default), not the stock record's.
    assert hit.price == price_of_product(product).amount != before


def test_renaming_a_category_reindexes_its_products(engine, on_commit):
    with on_commit():
        category = create_from_breadcrumbs("Mirrors")
        product = create_product(title="Driftwood mirror", price=D("40.00"), num_in_stock=3)
        product.categories.add(category)
    assert engine.search(SearchQuery(categories=["Mirrors"])).total == 1
    category.name = "Wall mirrors"
    with on_commit():
        category.save()
    assert engine.search(SearchQuery(categories=["Mirrors"])).total == 0
    assert engine.search(SearchQuery(categories=["Wall mirrors"])).total == 1


def test_reconciliation_finds_and_repairs_missing_stale_and_orphaned_documents(engine, on_commit):
    with on_commit():
        kept = create_product(title="Driftwood mirror", price=D("40.00"), num_in_stock=3)
        renamed = create_product(title="Brass lamp", price=D("25.00"), num_in_stock=3)
        gone = create_product(title="Linen blanket", price=D("60.00"), num_in_stock=3)
    # Drift that no signal saw: an update, a delete and a row missing from the index.
    type(renamed).objects.filter(pk=renamed.pk).update(title="Copper lamp")
    engine.delete([f"product:{kept.pk}"])
    gone_key = f"product:{gone.pk}"
    type(gone).objects.filter(pk=gone.pk).delete()
    assert engine.fingerprints("product").keys() == {f"product:{renamed.pk}", gone_key}

    report = reconcile(engine, kinds=["product"])

    assert report["product"] == {"missing": 1, "stale": 1, "orphaned": 1}
    assert titles(engine, "driftwood") == ["Driftwood mirror"]
    assert titles(engine, "copper") == ["Copper lamp"]
    assert titles(engine, "linen") == []
    assert reconcile(engine, kinds=["product"], fix=False)["product"] == {
        "missing": 0,
        "stale": 0,
        "orphaned": 0,
    }
