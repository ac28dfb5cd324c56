from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from core.emails import register_brand_provider

        from .email_brand import site_brand

        register_brand_provider(site_brand)
