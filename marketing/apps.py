from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from accounts import personal_data as account_data

        from . import signals  # noqa: F401 (connects the receivers)
        from .personal_data import erase_newsletter_subscriptions, export_newsletter_subscriptions

        account_data.register_exporter("newsletter_subscriptions", export_newsletter_subscriptions)
        account_data.register_eraser(erase_newsletter_subscriptions)
