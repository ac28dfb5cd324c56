"""The "Venue service" product class with its duration, the "Venue moderation" workflow, roles."""

from django.db import migrations

VENUE_SERVICE = "venue-service"


def create_service_class(apps, schema_editor):
    ProductClass = apps.get_model("catalogue", "ProductClass")
    ProductAttribute = apps.get_model("catalogue", "ProductAttribute")
    service_class, _ = ProductClass.objects.get_or_create(
        slug=VENUE_SERVICE,
        defaults={"name": "Venue service", "requires_shipping": False, "track_stock": False},
    )
    ProductAttribute.objects.get_or_create(
        product_class=service_class,
        code="duration_minutes",
        defaults={"name": "Duration (minutes)", "type": "integer", "required": True},
    )


def create_workflow(apps, schema_editor):
    from venues.moderation import assign_venue_workflow, ensure_venue_workflow

    ensure_venue_workflow(apps)
    for index_page in apps.get_model("venues", "VenueIndexPage").objects.all():
        assign_venue_workflow(index_page, apps)


def sync_roles(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0001_initial"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
        ("wagtailcore", "0098_apitoken"),
        ("home", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(create_service_class, migrations.RunPython.noop),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
