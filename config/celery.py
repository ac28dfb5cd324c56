"""The Celery application: configured from Django settings (CELERY_*), tasks autodiscovered."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def export_worker_metrics(**kwargs):
    """With CELERY_METRICS_PORT set, the worker serves its task metrics there for Prometheus."""
    port = os.environ.get("CELERY_METRICS_PORT")
    if port:
        from config.metrics import start_worker_exporter

        start_worker_exporter(int(port))


@signals.worker_process_shutdown.connect
def forget_worker_process(pid=None, **kwargs):
    from config.metrics import mark_process_dead

    mark_process_dead(pid or os.getpid())
