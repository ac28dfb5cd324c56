from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, apps=None, **kwargs):
    from django.apps import apps as installed_apps

    from .roles import role_apps, sync_roles

    # `flush` sends post_migrate without a migration state: use the installed models then.
    apps = apps or installed_apps
    migrated = {app_config.label for app_config in apps.get_app_configs()}
    if not role_apps() <= migrated:
        return  # a migrate to an earlier target: the next full migrate syncs the roles
    sync_roles(apps, strict=True)


class CoreConfig(AppConfig):
    """The page-independent base every app may use; it imports no feature app."""

    name = "core"
    verbose_name = "Shared base"

    def ready(self):
        # After every migrate, so permissions of models added later reach their roles too.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        from . import page_cache
        from .metrics import connect_receivers

        connect_receivers()
        page_cache.connect_receivers()
