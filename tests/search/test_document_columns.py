"""The model shows the documents table as it is, trigger-kept columns included."""

from dataclasses import replace

import pytest
from django.db import connection

from search.engines.database import DatabaseEngine
from search.models import SearchDocument
from tests.search.conftest import CONTRACT_DOCUMENTS, when

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
TRIGGER_KEPT = ("search_vector", "rank_vector", "category_terms", "tag_terms", "open_ranges")

OPEN = (when(2024, 3, 4, 9), when(2024, 3, 4, 17))
CAFE = replace(CONTRACT_DOCUMENTS[0], open_periods=[OPEN])


def table_columns():
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, SearchDocument._meta.db_table
        )
    return {column.name for column in description}


def test_every_column_of_the_table_is_a_field_of_the_model():
    fields = {field.column for field in SearchDocument._meta.concrete_fields}
    assert table_columns() == fields
    assert set(TRIGGER_KEPT) <= fields


def test_trigger_kept_fields_are_read_only():
    for name in TRIGGER_KEPT:
        assert not SearchDocument._meta.get_field(name).editable


def test_indexing_and_rebuilding_never_write_them():
    engine = DatabaseEngine()
    engine.index([CAFE])
    engine.index([replace(CAFE, tags=["coffee"])])  # the upsert path
    assert SearchDocument.objects.get().tags == ["coffee"]
    engine.rebuild([[CAFE]])
    assert SearchDocument.objects.count() == 1


@on_postgres
def test_the_trigger_keeps_them_in_step_with_the_row():
    engine = DatabaseEngine()
    engine.index([CAFE])
    document = SearchDocument.objects.get()
    assert document.category_terms == ["Cafe"]
    assert document.tag_terms == ["coffee", "wifi"]
    (period,) = document.open_ranges
    assert (period.lower, period.upper) == OPEN
    assert document.rank_vector and document.search_vector

    engine.index([replace(CAFE, categories=["Bakery"], tags=[], open_periods=[])])
    document.refresh_from_db()
    assert (document.category_terms, document.tag_terms) == (["Bakery"], [])
    assert not document.open_ranges
