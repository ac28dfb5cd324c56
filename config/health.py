"""Liveness and readiness endpoints for load balancers and orchestrators.

`/healthz` touches nothing: the process is up. `/readyz` checks each dependency the site
needs to serve requests and answers 503 when a required one fails. Every check runs with its
own short timeouts and all of them together answer within READYZ_TIMEOUT_SECONDS (plus a
little): a dependency that hangs is reported as timed out, never waited for.

Anonymous callers get the result of the last run in this process, computed at most every
READYZ_CACHE_SECONDS, and never make the site publish a task. A caller presenting
READYZ_TOKEN (`Authorization: Bearer <token>`) gets a live run, including a worker ping.
"""

import hmac
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from search.health import check_search_engine

logger = logging.getLogger(__name__)
# Past the per-check timeout, a whole run waits this much longer for slow answers.
GRACE_SECONDS = 0.5


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    redis_client = getattr(getattr(cache, "client", None), "get_client", None)
    if redis_client is not None:
        # django-redis hides an outage from callers: ask Redis itself (with the cache's
        # socket timeouts) so that a down cache is reported.
        redis_client(write=True).ping()
        return
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_broker():
    """Connects to the broker with short timeouts and no retries; publishes nothing."""
    timeout = settings.READYZ_TIMEOUT_SECONDS
    options = dict(current_app.conf.broker_transport_options or {})
    options.update(
        socket_connect_timeout=timeout, socket_timeout=timeout, max_retries=0, interval_start=0
    )
    with Connection(
        current_app.conf.broker_url, connect_timeout=timeout, transport_options=options
    ) as broker:
        broker.ensure_connection(max_retries=1, timeout=timeout)
        broker.default_channel  # noqa: B018 (opening the channel is the check)


def check_workers():
    """A worker answering the ping proves the whole queue; reported, not required."""
    from core.tasks import ping

    timeout = settings.READYZ_TIMEOUT_SECONDS
    result = ping.apply_async(expires=timeout, retry=False)
    try:
        if result.get(timeout=timeout) != "pong":
            raise RuntimeError("unexpected reply")
    finally:
        result.forget()


def readiness_checks(*, live):
    """(name, function, required) for each dependency of this deployment. Only a live
    (token) run pings the workers, as that publishes a task and waits for its answer."""
    checks = [
        ("database", check_database, True),
        ("cache", check_cache, True),
        ("search", check_search_engine, True),
    ]
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks.append(("broker", check_broker, True))
        if live and settings.CELERY_RESULT_BACKEND:
            checks.append(("workers", check_workers, False))
    return checks


def run_check(name, check):
    started = time.monotonic()
    try:
        check()
    except Exception as error:  # each failure is reported, never raised
        logger.warning("readiness check %s failed: %s", name, error.__class__.__name__)
        # Only the error class: messages can carry hostnames or credentials.
        status, detail = "error", error.__class__.__name__
    else:
        status, detail = "ok", None
    finally:
        # Each check runs in a thread of its own: its database connection goes with it.
        connections.close_all()
    outcome = {"status": status, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        outcome["detail"] = detail
    return outcome


def run_checks(*, live):
    """Runs every check at once; returns (ready, results) within the timeout and grace."""
    checks = readiness_checks(live=live)
    executor = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="readyz")
    futures = {name: executor.submit(run_check, name, check) for name, check, _ in checks}
    wait_for(futures.values(), timeout=settings.READYZ_TIMEOUT_SECONDS + GRACE_SECONDS)
    executor.shutdown(wait=False, cancel_futures=True)  # a hung check is not waited for
    results, ready = {}, True
    for name, _, required in checks:
        future = futures[name]
        if future.done() and not future.cancelled():
            outcome = future.result()
        else:
            logger.warning("readiness check %s timed out", name)
            outcome = {"status": "error", "detail": "Timeout"}
        results[name] = outcome | {"required": required}
        if required and outcome["status"] != "ok":
            ready = False
    return ready, results


class RecentResult:
    """The last anonymous run in this process; one run at a time, at most every N seconds."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked_at = None
        self.value = None

    def get(self):
        max_age = settings.READYZ_CACHE_SECONDS
        if self.fresh(max_age):
            return self.value
        # Callers arriving during a run wait for it rather than start their own.
        with self.lock:
            if not self.fresh(max_age):
                self.value = run_checks(live=False)
                self.checked_at = time.monotonic()
            return self.value

    def fresh(self, max_age):
        return self.checked_at is not None and time.monotonic() - self.checked_at < max_age

    def forget(self):
        self.checked_at, self.value = None, None


recent_result = RecentResult()


def has_readyz_token(request):
    token = settings.READYZ_TOKEN
    if not token:
        return False
    header = request.headers.get("Authorization", "")
    scheme, _, offered = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(offered.strip(), token)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    live = has_readyz_token(request)
    ready, results = run_checks(live=True) if live else recent_result.get()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "live": live, "checks": results},
        status=200 if ready else 503,
    )
