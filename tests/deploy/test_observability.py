"""Metrics at /metrics (protected), what they count, Sentry's scrubbing and its off switch."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from oscar.test.factories import create_order
from prometheus_client import REGISTRY

from config.metrics import QueueDepthCollector
from config.sentry import scrub_event
from core.tasks import ping
from search.engines import get_engine
from search.query import SearchQuery
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
TOKEN = "metrics-" + "k" * 32


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def test_metrics_refused_without_token_or_staff(client, db, metrics_token):
    assert client.get("/metrics").status_code == 403
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 403
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 403


def test_metrics_refused_to_everyone_but_staff_when_no_token_is_set(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/metrics").status_code == 200


def test_request_latency_and_responses_by_view(client, db, metrics_token):
    before = sample("django_http_responses_total", view="healthz", method="GET", status="200")
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    bucket = 'django_http_request_duration_seconds_bucket{le="0.005",method="GET",view="healthz"}'
    assert bucket in body
    after = sample("django_http_responses_total", view="healthz", method="GET", status="200")
    assert after == before + 1


def test_celery_tasks_are_counted_and_timed(db):
    before = sample("celery_tasks_total", task=ping.name, state="SUCCESS")
    timed = sample("celery_task_duration_seconds_count", task=ping.name)
    assert ping.delay().get() == "pong"
    assert sample("celery_tasks_total", task=ping.name, state="SUCCESS") == before + 1
    assert sample("celery_task_duration_seconds_count", task=ping.name) == timed + 1


def test_search_latency_is_recorded(db):
    before = sample("search_duration_seconds_count", engine="database", outcome="ok")
    get_engine("database").search(SearchQuery(text="lantern"))
    assert sample("search_duration_seconds_count", engine="database", outcome="ok") == before + 1


def test_orders_placed_are_counted_once_committed(db, django_capture_on_commit_callbacks):
    before = sample("shop_orders_placed_total")
    with django_capture_on_commit_callbacks(execute=True):
        create_order(guest_email="buyer@example.com")
    assert sample("shop_orders_placed_total") == before + 1


def test_rolled_back_orders_are_not_counted(db, django_capture_on_commit_callbacks):
    before = sample("shop_orders_placed_total")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create_order(guest_email="buyer@example.com")
    assert callbacks  # counted only if the transaction commits, which this one never does
    assert sample("shop_orders_placed_total") == before


def test_queue_depth_is_read_from_redis_at_scrape_time():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/12"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    queue = f"test-queue-{uuid.uuid4().hex}"
    try:
        client.rpush(queue, "a", "b", "c")
        client.rpush(f"{queue}\x06\x163", "d")
        families = list(QueueDepthCollector(url, [queue], 1).collect())
    finally:
        client.delete(queue, f"{queue}\x06\x163")
    depth = {f.name: f for f in families}["celery_queue_length"]
    assert depth.samples[0].labels == {"queue": queue} and depth.samples[0].value == 4


def test_queue_depth_reports_a_down_broker_without_failing():
    families = list(QueueDepthCollector("redis://127.0.0.1:1/0", ["celery"], 0.2).collect())
    assert [(f.name, f.samples[0].value) for f in families] == [("celery_broker_up", 0)]


def test_multiprocess_values_from_every_process_are_added_up(tmp_path):
    """gunicorn workers each write their own files; one scrape reports the sum."""
    env = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    bump = "from core.metrics import ORDERS_PLACED; ORDERS_PLACED.inc()"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", bump], cwd=BASE_DIR, env=env, check=True)
    read = (
        "from config.metrics import process_registry;"
        "print(process_registry().get_sample_value('shop_orders_placed_total'))"
    )
    script = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.test';"
    script += "django.setup();" + read
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2.0"


def test_sentry_event_keeps_no_personal_data():
    event = {
        "user": {"id": 7, "email": "jane@example.com", "ip_address": "203.0.113.9"},
        "request": {
            "url": "https://shop.example.com/checkout/?token=abc123xyz",
            "headers": {"Authorization": "Bearer sekrit", "User-Agent": "Firefox"},
            "cookies": {"sessionid": "s3ss10n"},
            "data": {"email": "jane@example.com", "line1": "1 High Street", "quantity": 2},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "exception": {
            "values": [{"type": "ValueError", "value": "card 4242424242424242 for bob@example.org"}]
        },
        "extra": {"shipping_address": "1 High Street, Leeds", "basket": 12},
        "breadcrumbs": {"values": [{"message": "stripe key sk_live_abcdefgh1234"}]},
    }
    scrubbed = scrub_event(event)
    text = json.dumps(scrubbed)
    for secret in ("jane@", "203.0.113.9", "sekrit", "s3ss10n", "High Street", "4242", "bob@"):
        assert secret not in text
    assert "abc123xyz" not in text and "sk_live_abcdefgh1234" not in text
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["request"]["headers"]["User-Agent"] == "Firefox"
    assert scrubbed["request"]["data"]["quantity"] == 2
    assert scrubbed["exception"]["values"][0]["type"] == "ValueError"


SENTRY_OPTIONS = """
import django, json, sentry_sdk
django.setup()
client = sentry_sdk.get_client()
options = client.options
print(json.dumps({
    "active": client.is_active(),
    "pii": options["send_default_pii"],
    "before_send": getattr(options["before_send"], "__name__", None),
    "integrations": sorted(client.integrations),
}))
"""


@pytest.mark.parametrize("dsn", ["", "https://public@sentry.example.invalid/1"])
def test_sentry_is_on_only_with_a_dsn(dsn):
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test", "SENTRY_DSN": dsn}
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_OPTIONS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])
    if not dsn:
        assert options["active"] is False
        return
    assert options["active"] is True and options["pii"] is False
    assert options["before_send"] == "scrub_event"
    assert {"django", "celery"} <= set(options["integrations"])
