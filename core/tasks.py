import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Registered under the names they had when they lived in `home`, so messages already queued
# and beat schedules keep working.


@shared_task(name="home.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """Runs on beat's schedule so operators can see in the logs that beat and workers are alive."""
    logger.info("heartbeat at %s", timezone.now().isoformat())


@shared_task(name="home.tasks.ping")
def ping():
    """Answers /readyz: a reply proves the broker delivers and a worker consumes."""
    return "pong"


@shared_task(name="home.tasks.publish_scheduled_pages", ignore_result=True)
def publish_scheduled_pages():
    """Beat runs this every minute: pages (and snippets) whose go-live or expiry time has
    passed are published or unpublished by Wagtail's own command."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
