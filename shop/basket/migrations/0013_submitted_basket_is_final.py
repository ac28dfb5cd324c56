from django.db import migrations, models
from django.db.models import F


def resubmit_reopened_baskets(apps, schema_editor):
    """Baskets reopened after their order was placed go back to Submitted: their lines were
    bought. A Submitted basket without a date gets its creation date."""
    Basket = apps.get_model("basket", "Basket")
    Basket.objects.filter(date_submitted__isnull=False).exclude(status="Submitted").update(
        status="Submitted"
    )
    Basket.objects.filter(status="Submitted", date_submitted__isnull=True).update(
        date_submitted=F("date_created")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("basket", "0012_line_code"),
    ]

    operations = [
        migrations.RunPython(resubmit_reopened_baskets, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="basket",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("date_submitted__isnull", False), ("status", "Submitted")),
                    models.Q(
                        models.Q(("status", "Submitted"), _negated=True),
                        ("date_submitted__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="basket_submitted_is_final",
                violation_error_message="A submitted basket cannot change status again.",
            ),
        ),
    ]
