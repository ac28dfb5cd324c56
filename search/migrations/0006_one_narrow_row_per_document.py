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
# Physical column order: the fixed-width columns first, then what every match is read for, then
# what only the page's hits need, then what lives out of line. A row is decoded column by column
# up to the last one read, so the columns a search reads come first.
COLUMN_ORDER = (
    "id",
    "object_id",
    "latitude",
    "longitude",
    "rating",
    "published_at",
    "indexed_at",
    "kind",
    "city",
    "price",
    "open_ranges",
    "category_terms",
    "tag_terms",
    "rank_vector",
    "key",
    "title",
    "url",
    "image",
    "categories",
    "tags",
    "fingerprint",
    "keywords",
    "open_periods",
    "summary",
    "body",
    "search_vector",
)
# Read for the page's hits only, or (keywords, open periods) turned into the columns above.
OUT_OF_LINE = ("search_vector", "summary", "body", "keywords", "open_periods")
FIXED_WIDTH = {"bigint", "double precision", "timestamp with time zone"}
TABLE = "search_searchdocument"


def trigger(table):
    return (
        f"CREATE TRIGGER search_document_vector BEFORE INSERT OR UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION search_document_vector()"
    )


FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN category_terms text[] NOT NULL DEFAULT '{{}}'",
    f"ALTER TABLE {TABLE} ADD COLUMN tag_terms text[] NOT NULL DEFAULT '{{}}'",
    f"ALTER TABLE {TABLE} ADD COLUMN open_ranges tstzmultirange NOT NULL DEFAULT '{{}}'",
    VECTOR_FUNCTION,
]
BACKWARD = [
    *(f"ALTER TABLE {TABLE} ALTER {column} SET STORAGE EXTENDED" for column in OUT_OF_LINE),
    f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
    OLD_VECTOR_FUNCTION,
    f"ALTER TABLE {TABLE} DROP COLUMN open_ranges",
    f"ALTER TABLE {TABLE} DROP COLUMN tag_terms",
    f"ALTER TABLE {TABLE} DROP COLUMN category_terms",
]


def _catalog(cursor):
    """(columns by name, constraints, other index definitions) of the documents table."""
    cursor.execute(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, "
        "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
        [TABLE],
    )
    columns = {row[0]: row[1:] for row in cursor.fetchall()}
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass ORDER BY contype DESC",  # the primary key first
        [TABLE],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [TABLE, TABLE],
    )
    return columns, constraints, [row[0] for row in cursor.fetchall()]


def rebuild_in_column_order(apps, schema_editor):
    """Copy the table into COLUMN_ORDER (PostgreSQL cannot reorder columns in place), with its
    constraints, indexes and trigger under their old names, and the long columns out of line."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        columns, constraints, indexes = _catalog(cursor)
    assert set(columns) == set(COLUMN_ORDER), set(columns) ^ set(COLUMN_ORDER)

    def definition(name):
        type_, not_null, identity, default = columns[name]
        parts = [name, type_]
        parts += ["GENERATED BY DEFAULT AS IDENTITY"] if identity == "d" else []
        parts += [f"DEFAULT {default}"] if default else []
        parts += ["NOT NULL"] if not_null else []
        return " ".join(parts)

    names = ", ".join(COLUMN_ORDER)
    new = f"{TABLE}_ordered"
    in_line = [c for c in COLUMN_ORDER if c not in OUT_OF_LINE and columns[c][0] not in FIXED_WIDTH]
    statements = [
        # Rows longer than this move their out-of-line columns to the TOAST table; the rest
        # stays in the row, compressed if need be.
        f"CREATE TABLE {new} ({', '.join(map(definition, COLUMN_ORDER))}) "
        "WITH (toast_tuple_target = 128)",
        *(f"ALTER TABLE {new} ALTER {column} SET STORAGE EXTERNAL" for column in OUT_OF_LINE),
        *(f"ALTER TABLE {new} ALTER {column} SET STORAGE MAIN" for column in in_line),
        trigger(new),  # fills the new columns as the rows arrive
        f"INSERT INTO {new} ({names}) OVERRIDING SYSTEM VALUE SELECT {names} FROM {TABLE}",
        f"DROP TABLE {TABLE}",
        f"ALTER TABLE {new} RENAME TO {TABLE}",
        f"ALTER SEQUENCE {new}_id_seq RENAME TO {TABLE}_id_seq",
        f"SELECT setval('{TABLE}_id_seq', coalesce((SELECT max(id) FROM {TABLE}), 0) + 1, false)",
        *(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {sql}" for name, sql in constraints),
        *indexes,
    ]
    for statement in statements:
        schema_editor.execute(statement)


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
        migrations.RunPython(rebuild_in_column_order, migrations.RunPython.noop, elidable=False),
    ]
