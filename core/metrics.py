"""Prometheus metrics any app may record; a base layer, so it imports no feature app.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn and Celery's prefork children), each process
writes its values to files in that folder and `/metrics` adds them up (config/metrics.py).
"""

import os
import time

# Each process writes its values to files there from the first metric on: the folder must
# exist before this module creates any (migrate and other one-off commands included).
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

from prometheus_client import Counter, Histogram  # noqa: E402 (reads the folder on import)

REQUEST_LATENCY = Histogram(
    "django_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by view.",
    ["view", "method"],
)
RESPONSES = Counter(
    "django_http_responses_total",
    "Responses by view, method and status code (5xx: errors).",
    ["view", "method", "status"],
)
EXCEPTIONS = Counter(
    "django_http_exceptions_total",
    "Exceptions raised by views (each also gives a 500), by view and class.",
    ["view", "exception"],
)
CELERY_TASKS = Counter(
    "celery_tasks_total",
    "Celery tasks run, by task name and end state (SUCCESS, FAILURE, RETRY, ...).",
    ["task", "state"],
)
CELERY_TASK_DURATION = Histogram(
    "celery_task_duration_seconds",
    "Time a Celery task took to run, by task name.",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
SEARCH_LATENCY = Histogram(
    "search_duration_seconds",
    "Time a site search took, by engine and outcome (ok, unavailable, error).",
    ["engine", "outcome"],
)
PAGE_CACHE = Counter(
    "page_cache_requests_total",
    "Anonymous page requests that could use the page cache, by outcome "
    "(hit, not_modified, stored, not_stored).",
    ["outcome"],
)
ORDERS_PLACED = Counter("shop_orders_placed_total", "Orders placed (committed).")
BOOKINGS_CONFIRMED = Counter(
    "bookings_confirmed_total", "Bookings confirmed with an order (committed)."
)

_task_started = {}


class timed_search:
    """`with timed_search(engine_name):` records one search's duration and outcome."""

    def __init__(self, engine):
        self.engine = engine

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, error_type, error, traceback):
        if error_type is None:
            outcome = "ok"
        elif error_type.__name__ == "SearchUnavailable":
            outcome = "unavailable"
        else:
            outcome = "error"
        SEARCH_LATENCY.labels(self.engine or "unknown", outcome).observe(
            time.perf_counter() - self.started
        )
        return False


def task_started(task_id=None, **kwargs):
    if task_id:
        _task_started[task_id] = time.perf_counter()


def task_finished(task_id=None, task=None, state=None, **kwargs):
    name = getattr(task, "name", None) or "unknown"
    CELERY_TASKS.labels(name, state or "UNKNOWN").inc()
    started = _task_started.pop(task_id, None)
    if started is not None:
        CELERY_TASK_DURATION.labels(name).observe(time.perf_counter() - started)


def count_committed(counter, amount=1):
    """Counts `amount` once the surrounding transaction commits (never a rolled-back one)."""
    from django.db import transaction

    if amount:
        transaction.on_commit(lambda: counter.inc(amount))


def order_placed(sender, order, **kwargs):
    count_committed(ORDERS_PLACED)
    # Bookings are confirmed inside order placement; the model is looked up by label so this
    # base layer never imports the bookings app (and counts nothing without it).
    from django.apps import apps

    if apps.is_installed("bookings"):
        booking = apps.get_model("bookings", "Booking")
        confirmed = booking.objects.filter(
            order_line__order=order, status=booking.Status.CONFIRMED
        ).count()
        count_committed(BOOKINGS_CONFIRMED, confirmed)


def connect_receivers():
    """Called once from CoreConfig.ready(): Celery task and Oscar order signals."""
    from celery.signals import task_postrun, task_prerun
    from oscar.apps.order.signals import order_placed as oscar_order_placed

    task_prerun.connect(task_started, weak=False, dispatch_uid="metrics.task_started")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="metrics.task_finished")
    oscar_order_placed.connect(order_placed, dispatch_uid="metrics.order_placed")
