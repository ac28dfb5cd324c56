"""PostgreSQL only: the weighted tsvector (kept by a trigger) with a GIN index, pg_trgm and
trigram indexes for typo tolerance and suggestions. On other databases this does nothing."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class EnableTrigrams(TrigramExtension):
    """pg_trgm on PostgreSQL (skipped elsewhere); kept on the way back: others may use it."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


FORWARD = [
    """
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
    """,
    """
    CREATE TRIGGER search_document_vector
    BEFORE INSERT OR UPDATE ON search_searchdocument
    FOR EACH ROW EXECUTE FUNCTION search_document_vector()
    """,
    "UPDATE search_searchdocument SET title = title",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING gin (search_vector)",
    # word_similarity (<%) for typos; UPPER(title) LIKE is what Django's icontains emits.
    "CREATE INDEX search_doc_title_trgm ON search_searchdocument USING gin (title gin_trgm_ops)",
    """CREATE INDEX search_doc_title_upper_trgm ON search_searchdocument
       USING gin (UPPER(title) gin_trgm_ops)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_title_upper_trgm",
    "DROP INDEX IF EXISTS search_doc_title_trgm",
    "DROP INDEX IF EXISTS search_doc_vector",
    "DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_vector()",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        EnableTrigrams(),
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
