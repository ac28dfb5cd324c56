"""`/metrics` for Prometheus, the request-timing middleware, and the Celery worker's exporter.

Web processes (several gunicorn workers) and Celery's prefork children each keep their own
counters. With PROMETHEUS_MULTIPROC_DIR set, every process writes them to files there and a
scrape adds them up; gunicorn's `child_exit` hook (config/gunicorn.py) marks dead workers.
The Celery queue depth is read from Redis at scrape time, so it is never stale.
"""

import hmac
import logging
import os
import time

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from core.metrics import EXCEPTIONS, REQUEST_LATENCY, RESPONSES

logger = logging.getLogger(__name__)
# Kombu's Redis transport keeps one list per priority step beside the queue's own list.
PRIORITY_SEPARATOR = "\x06\x16"
PRIORITY_STEPS = (3, 6, 9)


def multiprocess_dir():
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def process_registry():
    """Every process's values when they share a folder; this process's otherwise."""
    if not multiprocess_dir():
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def view_name(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or match._func_path


class QueueDepthCollector:
    """LLEN of each Celery queue on a Redis broker, read when Prometheus scrapes."""

    def __init__(self, broker_url, queues, timeout):
        self.broker_url, self.queues, self.timeout = broker_url, queues, timeout

    def collect(self):
        depth = GaugeMetricFamily(
            "celery_queue_length", "Tasks waiting in each Celery queue.", labels=["queue"]
        )
        up = GaugeMetricFamily("celery_broker_up", "1 when the broker answered this scrape.")
        try:
            import redis

            client = redis.Redis.from_url(
                self.broker_url, socket_timeout=self.timeout, socket_connect_timeout=self.timeout
            )
            with client:
                for queue in self.queues:
                    names = [queue] + [f"{queue}{PRIORITY_SEPARATOR}{s}" for s in PRIORITY_STEPS]
                    depth.add_metric([queue], sum(client.llen(name) for name in names))
            up.add_metric([], 1)
        except Exception as error:  # a scrape reports the broker down, never fails
            logger.warning("queue depth unavailable: %s", error.__class__.__name__)
            up.add_metric([], 0)
            return [up]
        return [depth, up]


def scrape_time_registry():
    registry = CollectorRegistry(auto_describe=False)
    broker_url = settings.CELERY_BROKER_URL or ""
    if broker_url.startswith(("redis://", "rediss://")):
        queues = [getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")]
        registry.register(QueueDepthCollector(broker_url, queues, settings.READYZ_TIMEOUT_SECONDS))
    return registry


def may_read_metrics(request):
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(offered.strip(), token):
            return True
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


@never_cache
@require_GET
def metrics(request):
    """Prometheus text format, for METRICS_TOKEN bearers and signed-in staff only."""
    if not may_read_metrics(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    body = generate_latest(process_registry()) + generate_latest(scrape_time_registry())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


class RequestMetricsMiddleware:
    """Latency, responses and exceptions by view name (a bounded label, unlike the path)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view, method = view_name(request), request.method if request.method else "-"
        if request.method not in {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}:
            method = "other"
        REQUEST_LATENCY.labels(view, method).observe(time.perf_counter() - started)
        RESPONSES.labels(view, method, str(response.status_code)).inc()
        return response

    def process_exception(self, request, exception):
        EXCEPTIONS.labels(view_name(request), exception.__class__.__name__).inc()


def start_worker_exporter(port):
    """Serves the Celery worker's metrics (all its children's) on `port`, in the main process."""
    from prometheus_client import start_http_server

    reset_multiprocess_dir()
    start_http_server(port, registry=process_registry())
    logger.info("worker metrics on port %s", port)


def reset_multiprocess_dir():
    """Empties (or creates) PROMETHEUS_MULTIPROC_DIR; only before any process writes to it."""
    folder = multiprocess_dir()
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".db"):
            os.remove(os.path.join(folder, name))


def mark_process_dead(pid):
    if multiprocess_dir():
        multiprocess.mark_process_dead(pid)
