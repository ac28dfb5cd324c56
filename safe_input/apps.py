from django.apps import AppConfig


class SafeInputConfig(AppConfig):
    name = "safe_input"
    verbose_name = "Client input checks"
