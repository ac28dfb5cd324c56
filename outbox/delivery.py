"""Handing task calls to the broker without ever failing the request that made them.

`enqueue_on_commit(task, *args)` writes the call in the current transaction and hands it to
the broker once that commits; `keep(task, args, kwargs, error)` is for code past its commit
whose own queueing failed. A broker that cannot be reached is logged with the task and its
arguments, never raised, and the call waits in `PendingTask` until `deliver_due` (the beat
task `outbox.tasks.deliver_outbox`) gets it through. Delivery is at least once: a process dying
between publishing and deleting the row publishes that call again later.
"""

import logging
from datetime import timedelta
from functools import partial

from celery import current_app
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import PendingTask

logger = logging.getLogger(__name__)

# The broker (not the call) is the problem: retry as soon as the next drain runs.
BROKER_UNAVAILABLE = (OperationalError, ConnectionError, TimeoutError)
# A call refused for itself (an eager task failing, an unknown task) is retried less and less
# often, then left for an operator to look at.
MAX_FAILURES = 8
LONGEST_WAIT = timedelta(hours=1)


def run_in_transaction(function):
    """Return `function()`, run in one transaction. Once that has committed, an on-commit
    callback that raises (another app's `.delay` during a broker outage) is logged, and the
    committed result is returned anyway: a placed order is never reported as failed."""
    committed = False

    def note_commit():
        nonlocal committed
        committed = True

    try:
        with transaction.atomic():
            transaction.on_commit(note_commit)  # runs first of this transaction's callbacks
            result = function()
    except Exception:
        if not committed:
            raise
        logger.exception("Work queued after a commit failed; the committed result stands")
    return result


def enqueue_on_commit(task, *args, **kwargs):
    """Run `task(*args, **kwargs)` in a worker once this transaction commits, durably."""
    pending = PendingTask.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(partial(deliver, pending.pk))


def deliver(pending_id):
    """Publish one stored call and delete it. Returns False when the broker (or the database)
    is unavailable, so a delivery run stops there."""
    try:
        with transaction.atomic():
            pending = (
                PendingTask.objects.select_for_update(skip_locked=True)
                .filter(pk=pending_id)
                .first()
            )
            if pending is None:
                return True  # delivered already, or being delivered by someone else
            return attempt(pending)
    except Exception:
        logger.exception("outbox: could not deliver or update pending task %s", pending_id)
        return False


def deliver_due(limit=500):
    """Deliver what is due, oldest first; stop early while the broker is unavailable.

    Returns how many calls were dealt with (delivered, or refused and set aside)."""
    due = (
        PendingTask.objects.filter(next_attempt__lte=timezone.now(), failures__lt=MAX_FAILURES)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    handled = 0
    for pending_id in list(due):
        if not deliver(pending_id):
            break
        handled += 1
    return handled


def publish(task_name, args, kwargs):
    # Nobody waits for these results: no result-backend subscription, which would also retry.
    current_app.tasks[task_name].apply_async(args=list(args), kwargs=kwargs, ignore_result=True)


def attempt(pending):
    try:
        with transaction.atomic():  # an eager task's own failure must not spoil the row's update
            publish(pending.task, pending.args, pending.kwargs)
    except BROKER_UNAVAILABLE as error:
        pending.last_error = describe(error)
        pending.save(update_fields=["last_error"])
        log_kept(pending, error)
        return False
    except Exception as error:
        pending.failures += 1
        pending.last_error = describe(error)
        pending.next_attempt = timezone.now() + wait_after(pending.failures)
        pending.save(update_fields=["failures", "last_error", "next_attempt"])
        log_kept(pending, error)
        if pending.failures >= MAX_FAILURES:
            logger.error("outbox: giving up on pending task %s; see it in the admin", pending.pk)
        return True
    pending.delete()
    return True


def keep(task, args, kwargs, error):
    """For code already past the commit whose own queueing failed: keep the call for the next
    delivery run. Logs and never raises."""
    try:
        pending = PendingTask.objects.create(
            task=task.name, args=list(args), kwargs=kwargs, last_error=describe(error)
        )
    except Exception:
        logger.exception("outbox: %s%r was not queued and could not be kept", task.name, args)
        return
    log_kept(pending, error)


def log_kept(pending, error):
    logger.error(
        "outbox: %s%r not queued (%s); kept as pending task %s for the next delivery run",
        pending.task,
        tuple(pending.args),
        describe(error),
        pending.pk,
    )


def describe(error):
    return f"{type(error).__name__}: {error}"[:500]


def wait_after(failures):
    return min(timedelta(minutes=2**failures), LONGEST_WAIT)
