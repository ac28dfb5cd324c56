from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Our shop code (Oscar forks live in sub-packages; the Oscar root config is `shop.config`)."""

    name = "shop"
    verbose_name = "Shop"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
