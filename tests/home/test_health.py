import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config import health
from config.celery import app as celery_app

REDIS_URL = os.environ.get("REDIS_URL", "")
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_readiness():
    """Each test sees a run of its own, not the previous test's remembered result."""
    health.recent_result.forget()
    yield
    health.recent_result.forget()


def test_healthz_touches_nothing(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_each_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    for name in ("database", "cache", "search"):
        assert body["checks"][name]["status"] == "ok"
        assert body["checks"][name]["required"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("failing", ["check_database", "check_cache"])
def test_readyz_is_503_when_a_required_check_fails(client, monkeypatch, failing):
    def broken():
        raise ConnectionError("db.internal:5432 refused, password=secret")

    monkeypatch.setattr(health, failing, broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    name = failing.removeprefix("check_")
    assert body["checks"][name] == {
        "status": "error",
        "detail": "ConnectionError",
        "required": True,
        "ms": body["checks"][name]["ms"],
    }
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_checks_elasticsearch_when_it_is_the_engine(client, settings):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.READYZ_TIMEOUT_SECONDS = 0.5
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"]["status"] == "error"


@pytest.fixture
def real_broker(settings, monkeypatch):
    """Point Celery at a real broker for one test, as production does."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_RESULT_BACKEND = REDIS_URL
    settings.READYZ_TIMEOUT_SECONDS = 10
    monkeypatch.setitem(celery_app.conf, "broker_url", REDIS_URL)
    monkeypatch.setitem(celery_app.conf, "result_backend", REDIS_URL)
    yield
    # Drop pooled connections so the next test connects to its own broker URL.
    celery_app._after_fork()


@pytest.mark.django_db
def test_readyz_fails_when_the_broker_is_down(client, real_broker, settings):
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    celery_app._after_fork()
    settings.CELERY_RESULT_BACKEND = None
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error"


@pytest.mark.skipif(not REDIS_URL, reason="needs a Redis broker: set REDIS_URL")
@pytest.mark.django_db
def test_readyz_proves_broker_and_worker_with_a_real_celery_worker(client, real_broker, settings):
    settings.READYZ_TOKEN = "probe-token"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=BASE_DIR,
        env=os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "REDIS_URL": REDIS_URL,
        },
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            body = client.get("/readyz", HTTP_AUTHORIZATION="Bearer probe-token").json()
            if body["checks"]["workers"]["status"] == "ok" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert body["status"] == "ok", body
    assert body["checks"]["broker"]["status"] == "ok"
    assert body["checks"]["workers"]["status"] == "ok"
    assert body["checks"]["workers"]["required"] is False
