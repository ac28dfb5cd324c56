import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def heartbeat():
    """Runs on beat's schedule so operators can see in the logs that beat and workers are alive."""
    logger.info("heartbeat at %s", timezone.now().isoformat())


@shared_task
def ping():
    """Answers /readyz: a reply proves the broker delivers and a worker consumes."""
    return "pong"
