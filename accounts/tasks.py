"""Account emails and personal data exports run here, after the request's commit."""

import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_account_email(subject, text, html, from_email, to):
    message = EmailMultiAlternatives(subject, text, from_email, to)
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def build_personal_data_export(export_id):
    from accounts.personal_data import build_export

    build_export(export_id)
