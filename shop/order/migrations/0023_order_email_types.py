from django.db import migrations

EVENT_TYPES = [
    ("ORDER_CANCELLED", "Order cancelled"),
    ("ORDER_REFUNDED", "Order refunded"),
    ("PAYMENT_FAILED", "Payment failed"),
]


def create_event_types(apps, schema_editor):
    """Listed in the dashboard so staff can edit them; the wording lives in template files."""
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in EVENT_TYPES:
        CommunicationEventType.objects.get_or_create(
            code=code, defaults={"name": name, "category": "Order related"}
        )


def remove_event_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    CommunicationEventType.objects.filter(code__in=[code for code, _ in EVENT_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0022_order_disputed"),
        ("communication", "0004_auto_20200801_0817"),
    ]

    operations = [migrations.RunPython(create_event_types, remove_event_types)]
