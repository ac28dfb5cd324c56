from celery import shared_task


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_form_entry_email(subject, content, recipients, sender=""):
    """A form builder entry, emailed to the addresses set on its form page."""
    from django.conf import settings

    from core.emails import build_message

    build_message(
        subject, content, recipients, from_email=sender or settings.DEFAULT_FROM_EMAIL
    ).send()
