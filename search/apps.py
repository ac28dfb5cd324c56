import oscar.apps.search.apps as oscar_search_apps
from django.db.models.signals import post_migrate

# The staff roles (home/roles.py) who read the search report.
REPORT_READERS = ("Editors", "Moderators", "Marketers")


def grant_report_permission(sender, apps=None, **kwargs):
    """After every migrate (and flush), the report readers may view the search report."""
    from django.apps import apps as installed_apps

    apps = apps or installed_apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # a migrate to an earlier state without these models
        return
    permission = Permission.objects.filter(
        content_type__app_label="search", codename="view_search_report"
    ).first()
    if permission is None:
        return  # created by the permissions step of a later migrate
    for group in Group.objects.filter(name__in=REPORT_READERS):
        group.permissions.add(permission)


class SearchConfig(oscar_search_apps.SearchConfig):
    """Fork of Oscar's search app (label "search"): its views query our engines."""

    name = "search"

    def ready(self):
        super().ready()
        from . import kinds, receivers  # noqa: F401 (registers every indexable kind)

        receivers.connect()
        post_migrate.connect(grant_report_permission, sender=self)
