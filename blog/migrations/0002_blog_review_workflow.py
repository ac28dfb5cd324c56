from django.db import migrations


def create_workflow(apps, schema_editor):
    from blog.moderation import assign_blog_workflow, ensure_blog_workflow

    ensure_blog_workflow(apps)
    for index_page in apps.get_model("blog", "BlogIndexPage").objects.all():
        assign_blog_workflow(index_page, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("home", "0002_roles"),  # the Moderators group exists
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
