"""Liveness and readiness endpoints for load balancers and orchestrators.

`/healthz` touches nothing: the process is up. `/readyz` checks each dependency the site
needs to serve requests and answers 503 when a required one fails.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.health import check_search_engine

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_broker():
    """Publishes the ping task: the broker accepts it or raises."""
    from core.tasks import ping

    ping.apply_async(expires=settings.READYZ_TIMEOUT_SECONDS, retry=False)


def check_workers():
    """A worker answering the ping proves the whole queue; reported, not required."""
    from core.tasks import ping

    result = ping.apply_async(expires=settings.READYZ_TIMEOUT_SECONDS, retry=False)
    if result.get(timeout=settings.READYZ_TIMEOUT_SECONDS) != "pong":
        raise RuntimeError("unexpected reply")


def readiness_checks():
    """(name, function, required) for each dependency of this deployment."""
    checks = [
        ("database", check_database, True),
        ("cache", check_cache, True),
        ("search", check_search_engine, True),
    ]
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks.append(("broker", check_broker, True))
        if settings.CELERY_RESULT_BACKEND:
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
    outcome = {"status": status, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        outcome["detail"] = detail
    return outcome


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    results, ready = {}, True
    for name, check, required in readiness_checks():
        results[name] = run_check(name, check) | {"required": required}
        if required and results[name]["status"] != "ok":
            ready = False
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )
