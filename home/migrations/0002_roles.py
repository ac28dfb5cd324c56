from django.db import migrations


def create_roles(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    # Concrete migrations, not "__latest__": a later migration in any of these apps must
    # not reorder history that is already applied.
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("offer", "0013_range_excluded_categories"),
        ("voucher", "0010_auto_20210224_0712"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
        ("partner", "0007_partneraddress_code"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("reviews", "0005_productreview_code"),
        ("shipping", "0003_auto_20181115_1953"),
        ("communication", "0004_auto_20200801_0817"),
        ("analytics", "0003_auto_20200801_0817"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
