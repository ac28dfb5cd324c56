"""PostgreSQL only: a GIN index of title words for prefix suggestions (`to_tsquery('x:*')`)."""

from django.db import migrations

INDEX = (
    "CREATE INDEX search_doc_title_words ON search_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, title))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_title_words")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_text_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
