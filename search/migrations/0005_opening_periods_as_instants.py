"""Opening periods become real instants (with dated exceptions and each venue's time zone).

The old weekly minutes cannot be converted: they are dropped and the venue documents are
marked stale, so `search_index update` (or the nightly reconciliation) indexes them again."""

import django.utils.timezone
from django.db import migrations, models


def drop_weekly_periods(apps, schema_editor):
    apps.get_model("search", "SearchOpeningPeriod").objects.all().delete()
    apps.get_model("search", "SearchDocument").objects.filter(kind="venue").update(fingerprint="")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_title_order_index")]

    operations = [
        migrations.RunPython(drop_weekly_periods, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="searchopeningperiod", name="search_opening_ordered"),
        migrations.RemoveIndex(model_name="searchopeningperiod", name="search_opening_period"),
        migrations.RemoveField(model_name="searchopeningperiod", name="opens"),
        migrations.RemoveField(model_name="searchopeningperiod", name="closes"),
        migrations.AddField(
            model_name="searchopeningperiod",
            name="opens",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchopeningperiod",
            name="closes",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="searchopeningperiod",
            index=models.Index(fields=["opens", "closes"], name="search_opening_period"),
        ),
        migrations.AddConstraint(
            model_name="searchopeningperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="search_opening_ordered"
            ),
        ),
    ]
