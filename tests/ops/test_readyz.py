"""/readyz: a down or silent dependency gives 503 within seconds; anonymous callers get a
remembered result and never make the site publish a task; the token gets a live run."""

import socket
import time

import pytest

from config import health
from core.tasks import ping
from tests.ops.conftest import CLOSED_REDIS

pytestmark = pytest.mark.django_db

ANSWER_WITHIN_SECONDS = 3.5


@pytest.fixture(autouse=True)
def _fresh_readiness(settings):
    settings.READYZ_TIMEOUT_SECONDS = 1.0
    health.recent_result.forget()
    yield
    health.recent_result.forget()


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers (a hung Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/6"
    listener.close()


def timed_get(client, **headers):
    client.get("/healthz")  # the first request in a process loads the URLs: not timed
    started = time.monotonic()
    response = client.get("/readyz", **headers)
    return response, time.monotonic() - started


def test_redis_down_gives_503_within_seconds(client, redis_down):
    response, seconds = timed_get(client)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["status"] == "error"
    assert checks["broker"]["status"] == "error"
    assert checks["database"]["status"] == "ok"
    assert seconds < ANSWER_WITHIN_SECONDS


def test_a_redis_that_never_answers_gives_503_within_seconds(
    client, redis_down, settings, silent_redis
):
    from config.cache_settings import redis_cache
    from config.celery import app as celery_app
    from tests.ops.conftest import reset_broker_connections

    settings.CACHES = {"default": redis_cache(silent_redis)}
    celery_app.conf.broker_url = silent_redis
    reset_broker_connections()
    response, seconds = timed_get(client)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["status"] == "error"
    assert checks["broker"]["status"] == "error"
    assert seconds < ANSWER_WITHIN_SECONDS


def test_anonymous_callers_share_one_recent_result(client, settings, monkeypatch):
    settings.READYZ_CACHE_SECONDS = 60
    runs = []
    monkeypatch.setattr(health, "check_database", lambda: runs.append(1))
    for _ in range(5):
        assert client.get("/readyz").status_code == 200
    assert len(runs) == 1


def test_the_result_is_checked_again_once_it_is_old(client, settings, monkeypatch):
    settings.READYZ_CACHE_SECONDS = 0
    runs = []
    monkeypatch.setattr(health, "check_database", lambda: runs.append(1))
    client.get("/readyz")
    client.get("/readyz")
    assert len(runs) == 2


@pytest.fixture
def published(monkeypatch, settings):
    """Celery as in production (a broker and a result backend); records published pings."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_RESULT_BACKEND = CLOSED_REDIS
    monkeypatch.setattr(health, "check_broker", lambda: None)
    calls = []

    class Reply:
        def get(self, timeout):
            return "pong"

        def forget(self):
            pass

    monkeypatch.setattr(ping, "apply_async", lambda *a, **kw: calls.append(kw) or Reply())
    return calls


def test_anonymous_callers_never_publish_a_task(client, published):
    for _ in range(3):
        health.recent_result.forget()
        body = client.get("/readyz").json()
    assert published == []
    assert "workers" not in body["checks"]
    assert body["checks"]["broker"]["status"] == "ok"
    assert body["live"] is False


def test_the_token_gets_a_live_run_with_a_worker_ping(client, published, settings):
    settings.READYZ_TOKEN = "s3cret-probe"
    response = client.get("/readyz", HTTP_AUTHORIZATION="Bearer s3cret-probe")
    assert response.status_code == 200
    body = response.json()
    assert body["live"] is True
    assert body["checks"]["workers"] == {
        "status": "ok",
        "ms": body["checks"]["workers"]["ms"],
        "required": False,
    }
    assert len(published) == 1


def test_a_wrong_token_is_an_anonymous_caller(client, published, settings):
    settings.READYZ_TOKEN = "s3cret-probe"
    body = client.get("/readyz", HTTP_AUTHORIZATION="Bearer guess").json()
    assert body["live"] is False
    assert published == []
