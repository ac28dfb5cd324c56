"""PostgreSQL: keep the rows a search visits narrow.

A broad word matches thousands of documents, and every match is read for the facet counts and
the ranking. So the long text and the full `search_vector` (needed only by the GIN index and for
highlights of the page's hits) move out of line, ranking reads a small `rank_vector` of title,
keywords and summary, and the categories and tags a match is counted under sit in the row as
one `facet_terms` text array ("category:<name>", "tag:<name>"): cheaper to expand than JSON.
The trigger keeps both in step with the text. On other databases only the field is added.
"""

import django.contrib.postgres.search
from django.db import migrations

VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
BEGIN
    NEW.rank_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.keywords, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B');
    NEW.search_vector :=
        NEW.rank_vector || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
    NEW.facet_terms := ARRAY(
        SELECT 'category:' || value
        FROM jsonb_array_elements_text(coalesce(NEW.categories, '[]')) AS value
        UNION ALL
        SELECT 'tag:' || value
        FROM jsonb_array_elements_text(coalesce(NEW.tags, '[]')) AS value
    );
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""
OLD_VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.keywords, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""
OUT_OF_LINE = ("search_vector", "summary", "body")
# Everything else stays in the row, compressed if need be, so a match is one heap visit.
IN_LINE = (
    "key",
    "kind",
    "title",
    "url",
    "image",
    "categories",
    "tags",
    "keywords",
    "city",
    "fingerprint",
    "rank_vector",
    "facet_terms",
)

FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN facet_terms text[] NOT NULL DEFAULT '{}'",
    VECTOR_FUNCTION,
    # Rows longer than this move their out-of-line columns to the TOAST table.
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)",
    *(f"ALTER TABLE search_searchdocument ALTER {c} SET STORAGE EXTERNAL" for c in OUT_OF_LINE),
    *(f"ALTER TABLE search_searchdocument ALTER {c} SET STORAGE MAIN" for c in IN_LINE),
    # Storage applies to rows as they are written: rewrite them (the trigger fills the rest).
    "UPDATE search_searchdocument SET title = title",
]
BACKWARD = [
    *(
        f"ALTER TABLE search_searchdocument ALTER {c} SET STORAGE EXTENDED"
        for c in (*OUT_OF_LINE, *IN_LINE)
        if c != "facet_terms"
    ),
    "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
    OLD_VECTOR_FUNCTION,
    "ALTER TABLE search_searchdocument DROP COLUMN facet_terms",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0005_opening_periods_as_instants")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
