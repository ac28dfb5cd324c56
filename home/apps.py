from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, apps, **kwargs):
    from .roles import sync_roles

    sync_roles(apps, strict=True)


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        # After every migrate, so permissions of models added later reach their roles too.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
