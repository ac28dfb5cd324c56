from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_title_words")]

    operations = [
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                fields=["title", "kind", "object_id"], name="search_doc_title_order"
            ),
        ),
    ]
