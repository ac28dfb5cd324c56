from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from accounts.personal_data import register_eraser

        from . import signals  # noqa: F401 (connects the receivers)
        from .personal_data import erase_newsletter

        # Erased accounts take their subscriptions with them (the address stays suppressed).
        register_eraser(erase_newsletter)
