"""The trigger-kept columns of 0006 (`category_terms`, `tag_terms`, `open_ranges`) become model
fields, so the model shows the table as it is.

On PostgreSQL the columns and their trigger already exist: only the migration state changes.
Other databases get the same columns as placeholders (they keep their default; SQLite reads
the JSON lists instead), because the ORM now selects them.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

import search.fields

EMPTY = models.Value("{}", output_field=models.TextField())


class AddFieldOutsidePostgreSQL(migrations.AddField):
    """The field joins the state everywhere; its column is created everywhere but PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":  # 0006 drops it there
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_availability_vocabulary_analytics")]

    operations = [
        AddFieldOutsidePostgreSQL(
            model_name="searchdocument",
            name="category_terms",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(), db_default=EMPTY, editable=False, size=None
            ),
        ),
        AddFieldOutsidePostgreSQL(
            model_name="searchdocument",
            name="tag_terms",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(), db_default=EMPTY, editable=False, size=None
            ),
        ),
        AddFieldOutsidePostgreSQL(
            model_name="searchdocument",
            name="open_ranges",
            field=search.fields.DateTimeMultiRangeField(db_default=EMPTY, editable=False),
        ),
    ]
