from celery import shared_task

from .delivery import deliver_due


@shared_task(ignore_result=True)
def deliver_outbox():
    """Beat: hand the broker the calls it could not take when their data was committed."""
    return deliver_due()
