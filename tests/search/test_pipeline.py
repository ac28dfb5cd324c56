"""Indexing follows the transaction: saves and deletes reach the index once, after commit."""

from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, transaction
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from home.models import ContentPage
from search import tasks
from search.indexing import PendingChanges, reconcile
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def stored(key):
    return SearchDocument.objects.filter(key=key).first()


@pytest.fixture
def queued():
    """Each call of the indexing task's delay(), with the keys it was given."""
    with mock.patch.object(
        tasks.index_documents, "delay", wraps=tasks.index_documents.delay
    ) as spy:
        yield spy


def test_rolled_back_changes_are_never_indexed(on_commit, queued):
    with on_commit() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        create_product(title="Never sold", price=D("5.00"))
        raise RuntimeError("the order failed")
    assert callbacks == []
    queued.assert_not_called()
    assert not SearchDocument.objects.exists()


def test_a_transaction_queues_one_task_however_many_saves(on_commit, queued):
    with on_commit() as callbacks:
        product = create_product(title="Draft name", price=D("5.00"), num_in_stock=2)
        product.title = "Harbour mug"
        product.save()
        product.stockrecords.update(price=D("7.00"))
        product.stockrecords.get().save()
        other = create_product(title="Second mug", price=D("6.00"))
    assert indexing(callbacks) == 1
    queued.assert_called_once()
    assert set(queued.call_args.args[0]) >= {f"product:{product.pk}", f"product:{other.pk}"}
    document = stored(f"product:{product.pk}")
    # Indexed as shoppers see it: 7.00 before tax + 20% (the shop's price policy).
    assert (document.title, document.price) == ("Harbour mug", D("8.40"))


def test_a_rolled_back_savepoint_inside_a_committed_transaction(on_commit):
    with on_commit():
        kept = create_product(title="Kept", price=D("5.00"))
        with pytest.raises(RuntimeError), transaction.atomic():
            create_product(title="Rolled back", price=D("5.00"))
            raise RuntimeError
    assert list(SearchDocument.objects.values_list("title", flat=True)) == ["Kept"]
    assert stored(f"product:{kept.pk}")


def test_changes_after_a_rolled_back_first_savepoint_still_reach_the_index(on_commit, queued):
    # The savepoint that registered the commit callback rolls back, and the callback with it:
    # the next change must register a new one rather than join the discarded one.
    with on_commit() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            create_product(title="Rolled back", price=D("5.00"))
            raise RuntimeError
        kept = create_product(title="Kept", price=D("5.00"))
    assert indexing(callbacks) == 1
    queued.assert_called_once()
    assert list(SearchDocument.objects.values_list("title", flat=True)) == ["Kept"]
    assert stored(f"product:{kept.pk}")


def test_the_transaction_after_a_rolled_back_one_is_indexed(on_commit):
    with pytest.raises(RuntimeError), transaction.atomic():
        create_product(title="Never sold", price=D("5.00"))
        raise RuntimeError
    with on_commit() as callbacks:
        kept = create_product(title="Kept", price=D("5.00"))
    assert indexing(callbacks) == 1
    assert stored(f"product:{kept.pk}")


def test_stock_record_price_reindexes_the_product(on_commit):
    with on_commit():
        product = create_product(title="Lantern", price=D("30.00"), num_in_stock=1)
    record = StockRecord.objects.get(product=product)
    with on_commit():
        record.price = D("25.00")
        record.save()
    assert stored(f"product:{product.pk}").price == D("30.00")  # 25.00 + 20% tax


def test_category_links_and_renames_reindex_products(on_commit):
    candles = create_from_breadcrumbs("Home > Candles")
    with on_commit():
        product = create_product(title="Pillar", price=D("9.00"))
        product.categories.add(candles)
    assert stored(f"product:{product.pk}").categories == ["Home", "Home > Candles"]
    parent = candles.get_parent()
    with on_commit():
        parent.name = "House"
        parent.save()
    assert stored(f"product:{product.pk}").categories == ["House", "House > Candles"]


def test_hidden_and_deleted_products_leave_the_index(on_commit):
    with on_commit():
        hidden = create_product(title="Hidden soon", price=D("5.00"))
        deleted = create_product(title="Deleted soon", price=D("5.00"))
    assert SearchDocument.objects.count() == 2
    with on_commit():
        hidden.is_public = False
        hidden.save()
        deleted.delete()
    assert not SearchDocument.objects.exists()


def test_variants_index_their_parent_with_the_lowest_price(on_commit):
    with on_commit():
        parent = create_product(title="Candle set", structure="parent")
        create_product(title="Small", parent=parent, price=D("4.00"), structure="child")
        create_product(title="Large", parent=parent, price=D("9.00"), structure="child")
    assert list(SearchDocument.objects.values_list("key", "price")) == [
        (f"product:{parent.pk}", D("4.80"))  # 4.00 + 20% tax
    ]


def test_pages_are_indexed_when_published_and_removed_when_unpublished(home_page, on_commit):
    with on_commit():
        page = home_page.add_child(
            instance=ContentPage(title="Delivery", slug="delivery", intro="How we deliver")
        )
        page.save_revision().publish()
    document = stored(f"page:{page.pk}")
    assert (document.title, document.summary, document.url) == (
        "Delivery",
        "How we deliver",
        page.url,
    )
    with on_commit():
        page.unpublish()
    assert stored(f"page:{page.pk}") is None


def test_private_pages_are_not_indexed(home_page, on_commit):
    from wagtail.models import PageViewRestriction

    with on_commit():
        page = home_page.add_child(instance=ContentPage(title="Staff notes", slug="staff"))
    assert stored(f"page:{page.pk}")
    with on_commit():
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert stored(f"page:{page.pk}") is None


def test_transient_errors_are_retried_with_backoff():
    from celery.exceptions import Retry

    from search.engines.database import DatabaseEngine

    assert OperationalError in tasks.index_documents.autoretry_for
    assert tasks.index_documents.retry_backoff is True
    product = create_product(title="Retried", price=D("5.00"))
    keys = [f"product:{product.pk}"]
    with (
        mock.patch.object(DatabaseEngine, "index", side_effect=OperationalError("reset")),
        pytest.raises(Retry),
    ):
        tasks.index_documents.apply(args=[keys])
    with (
        mock.patch.object(DatabaseEngine, "index", side_effect=ValueError("a bug")),
        pytest.raises(ValueError),
    ):
        tasks.index_documents.apply(args=[keys])  # not retried: it would fail the same way
    assert tasks.index_documents.apply(args=[keys]).get() == {"indexed": 1, "removed": 0}
    assert stored(keys[0])


def test_reconciliation_fixes_missing_stale_and_orphaned_documents(on_commit):
    from search.engines.database import DatabaseEngine

    with on_commit():
        missing = create_product(title="Missing", price=D("5.00"))
        stale = create_product(title="Stale", price=D("5.00"))
    SearchDocument.objects.filter(key=f"product:{missing.pk}").delete()
    Product.objects.filter(pk=stale.pk).update(title="Renamed without a signal")
    SearchDocument.objects.create(
        key="product:999999",
        kind="product",
        object_id=999999,
        title="Orphan",
        url="/gone/",
        fingerprint="x",
    )
    report = reconcile(DatabaseEngine())
    assert report["product"] == {"missing": 1, "stale": 1, "orphaned": 1}
    assert stored(f"product:{stale.pk}").title == "Renamed without a signal"
    assert stored(f"product:{missing.pk}") and not stored("product:999999")
    assert reconcile(DatabaseEngine())["product"] == {"missing": 0, "stale": 0, "orphaned": 0}
    assert tasks.reconcile_index.apply().get()["product"]["missing"] == 0


def test_search_index_command(capsys):
    for n in range(3):
        create_product(title=f"Bulk {n}", price=D("5.00"))
    call_command("search_index", "status", verbosity=0)
    assert "product" in capsys.readouterr().out
    call_command("search_index", "rebuild", verbosity=0)
    assert "3 documents" in capsys.readouterr().out
    assert SearchDocument.objects.filter(kind="product").count() == 3
    SearchDocument.objects.all().delete()
    call_command("search_index", "update", verbosity=0)
    assert "product: 3 missing" in capsys.readouterr().out
    assert SearchDocument.objects.count() == 3


def test_beat_runs_the_reconciliation(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "search.tasks.reconcile_index" in tasks_scheduled


def indexing(callbacks):
    """How many of a transaction's commit callbacks are the search's own (others, such as the
    page cache's, may be there too)."""
    return sum(isinstance(callback, PendingChanges) for callback in callbacks)
