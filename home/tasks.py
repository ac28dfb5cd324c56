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


@shared_task(ignore_result=True)
def publish_scheduled_pages():
    """Beat runs this every minute: pages (and snippets) whose go-live or expiry time has
    passed are published or unpublished by Wagtail's own command."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_form_entry_email(subject, content, recipients, sender=""):
    """A form builder entry, emailed to the addresses set on its form page."""
    from django.conf import settings
    from django.core.mail import send_mail

    send_mail(subject, content, sender or settings.DEFAULT_FROM_EMAIL, recipients)
