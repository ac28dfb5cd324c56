from django.db import migrations


def create_roles(apps, schema_editor):
    from home.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("wagtailredirects", "__latest__"),
        ("offer", "__latest__"),
        ("voucher", "__latest__"),
        ("catalogue", "__latest__"),
        ("partner", "__latest__"),
        ("order", "__latest__"),
        ("reviews", "__latest__"),
        ("shipping", "__latest__"),
        ("communication", "__latest__"),
        ("analytics", "__latest__"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
