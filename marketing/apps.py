from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from accounts import personal_data as account_data

        from . import personal_data
        from . import signals  # noqa: F401 (connects the receivers)

        account_data.register_exporter(
            "newsletter_subscriptions", personal_data.export_newsletter_subscriptions
        )
        account_data.register_eraser(personal_data.erase_newsletter_subscriptions)
