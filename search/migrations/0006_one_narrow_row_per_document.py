"""One narrow row per document.

Everything a search filters and counts on moves into the document's own row: opening periods
as a JSON list (replacing `SearchOpeningPeriod`), categories and tags straight from their JSON
lists (replacing `SearchTerm`). On PostgreSQL a trigger keeps, besides `search_vector`, a small
`rank_vector` (title, keywords, summary) for ranking, `category_terms` and `tag_terms` text
arrays and an `open_ranges` multirange, and the long text and full vector move out of line.
A broad word matches thousands of rows and each is read for the counts and the ranking: narrow
rows, with no lookup per row, keep that fast.
"""

from datetime import UTC, datetime

import django.contrib.postgres.search
from django.db import migrations, models

INSTANT = "%Y-%m-%dT%H:%M:%SZ"

VECTOR_FUNCTION = """
CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
BEGIN
    NEW.rank_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.keywords, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B');
    NEW.search_vector :=
        NEW.rank_vector || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
    NEW.category_terms := ARRAY(
        SELECT jsonb_array_elements_text(coalesce(NEW.categories, '[]'))
    );
    NEW.tag_terms := ARRAY(SELECT jsonb_array_elements_text(coalesce(NEW.tags, '[]')));
    NEW.open_ranges := coalesce(
        (SELECT range_agg(tstzrange((period->>0)::timestamptz, (period->>1)::timestamptz))
         FROM jsonb_array_elements(coalesce(NEW.open_periods, '[]')) AS period),
        '{}'
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
# Read for the page's hits only, or (keywords, open periods) turned into the columns below.
OUT_OF_LINE = ("search_vector", "summary", "body", "keywords", "open_periods")
# Everything else stays in the row, compressed if need be, so a match is one heap visit.
IN_LINE = (
    "key",
    "kind",
    "title",
    "url",
    "image",
    "categories",
    "tags",
    "city",
    "fingerprint",
    "rank_vector",
    "category_terms",
    "tag_terms",
    "open_ranges",
)
TABLE = "ALTER TABLE search_searchdocument"

FORWARD = [
    f"{TABLE} ADD COLUMN category_terms text[] NOT NULL DEFAULT '{{}}'",
    f"{TABLE} ADD COLUMN tag_terms text[] NOT NULL DEFAULT '{{}}'",
    f"{TABLE} ADD COLUMN open_ranges tstzmultirange NOT NULL DEFAULT '{{}}'",
    VECTOR_FUNCTION,
    # Rows longer than this move their out-of-line columns to the TOAST table.
    f"{TABLE} SET (toast_tuple_target = 128)",
    *(f"{TABLE} ALTER {column} SET STORAGE EXTERNAL" for column in OUT_OF_LINE),
    *(f"{TABLE} ALTER {column} SET STORAGE MAIN" for column in IN_LINE),
    # Storage applies to rows as they are written: rewrite them (the trigger fills the rest).
    "UPDATE search_searchdocument SET title = title",
]
BACKWARD = [
    *(f"{TABLE} ALTER {column} SET STORAGE EXTENDED" for column in (*OUT_OF_LINE, *IN_LINE)),
    f"{TABLE} RESET (toast_tuple_target)",
    OLD_VECTOR_FUNCTION,
    f"{TABLE} DROP COLUMN open_ranges",
    f"{TABLE} DROP COLUMN tag_terms",
    f"{TABLE} DROP COLUMN category_terms",
]


def postgres_only(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


def periods_into_rows(apps, schema_editor):
    Document = apps.get_model("search", "SearchDocument")
    Period = apps.get_model("search", "SearchOpeningPeriod")
    periods = {}
    for document_id, opens, closes in Period.objects.order_by("opens").values_list(
        "document_id", "opens", "closes"
    ):
        instants = [moment.astimezone(UTC).strftime(INSTANT) for moment in (opens, closes)]
        periods.setdefault(document_id, []).append(instants)
    for document in Document.objects.filter(pk__in=periods):
        document.open_periods = periods[document.pk]
        document.save(update_fields=["open_periods"])


def periods_into_table(apps, schema_editor):
    Document = apps.get_model("search", "SearchDocument")
    Period = apps.get_model("search", "SearchOpeningPeriod")
    Term = apps.get_model("search", "SearchTerm")
    for document in Document.objects.iterator():
        Period.objects.bulk_create(
            Period(
                document=document,
                opens=datetime.strptime(opens, INSTANT).replace(tzinfo=UTC),
                closes=datetime.strptime(closes, INSTANT).replace(tzinfo=UTC),
            )
            for opens, closes in document.open_periods
        )
        Term.objects.bulk_create(
            [Term(document=document, field="category", value=v) for v in document.categories]
            + [Term(document=document, field="tag", value=v) for v in document.tags]
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_opening_periods_as_instants")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="open_periods",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(periods_into_rows, periods_into_table),
        migrations.DeleteModel(name="SearchOpeningPeriod"),
        migrations.DeleteModel(name="SearchTerm"),
        migrations.RunPython(postgres_only(FORWARD), postgres_only(BACKWARD), elidable=False),
    ]
