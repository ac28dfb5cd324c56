"""A real Celery worker on Redis sends a newsletter to a local SMTP sink (aiosmtpd), and a worker
killed mid-send is replaced without a duplicate or a skipped recipient beyond `unknown` rows.

Needs PostgreSQL (the worker is another process, and SQLite's file locking and lack of row
locks make it a different test) and Redis; skipped without them."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bench.newsletter.smtp_sink import start_sink
from config.celery import app as celery_app
from marketing import sending
from marketing.models import Delivery, Newsletter
from tests.marketing.conftest import make_newsletter, make_subscriber

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/11"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def redis_reachable():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def real_worker_setup(settings):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: the worker is a separate process sharing the database")
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    queue = f"marketing-it-{uuid.uuid4().hex[:8]}"
    controller, handler = start_sink()
    saved = {
        key: celery_app.conf[key]
        for key in (
            "task_always_eager",
            "broker_url",
            "task_default_queue",
            "broker_transport_options",
        )
    }
    celery_app.conf.update(
        task_always_eager=False,
        broker_url=REDIS_URL,
        task_default_queue=queue,
        broker_transport_options={"visibility_timeout": 5},
    )
    reset_broker_connections()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.marketing.worker_settings",
        "REDIS_URL": REDIS_URL,
        "SMTP_SINK_PORT": str(controller.port),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "WORKER_DATABASE_NAME": connection.settings_dict["NAME"],
        "PYTHONPATH": str(ROOT),
    }
    workers = []

    def start_worker(rate=0):
        name = f"{queue}-{len(workers)}@{socket.gethostname()}"
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "-c", "2",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING",
             "-n", name],
            cwd=ROOT,
            env={**env, "NEWSLETTER_RATE_PER_SECOND": str(rate), "NEWSLETTER_BATCH_SIZE": "10"},
            start_new_session=True,  # its own process group, so a kill takes the pool too
        )  # fmt: skip
        workers.append(worker)
        wait_until_ready(worker, name)
        return worker

    yield start_worker, handler
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
    controller.stop()
    celery_app.conf.update(saved)
    reset_broker_connections()


def reset_broker_connections():
    """Publish through a fresh connection pool after the broker settings changed."""
    from kombu import pools

    pools.reset()  # kombu's shared pools are keyed by connection settings
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def wait_until_ready(worker, name, timeout=240):
    """Starting a worker (Django, Celery, the app's modules) takes seconds on an idle machine
    and minutes on a loaded one: the tests' own deadlines count from its first answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"worker {name} exited with {worker.returncode} while starting")
        if celery_app.control.ping(destination=[name], timeout=1.0):
            return
    pytest.fail(f"worker {name} did not answer a ping within {timeout} s")


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def finished(newsletter):
    return lambda: Newsletter.objects.get(pk=newsletter.pk).status == Newsletter.Status.SENT


def test_a_real_worker_sends_a_newsletter_to_an_smtp_sink(real_worker_setup, news_list):
    start_worker, sink = real_worker_setup
    for n in range(30):
        make_subscriber(f"it{n}@example.com", news_list)
    newsletter = make_newsletter(news_list)
    start_worker()
    sending.start_send(newsletter.pk)  # queues the dispatch on commit (autocommit: at once)
    assert wait_for(finished(newsletter)), newsletter.delivery_counts()
    recipients = sink.recipients()
    assert sorted(recipients) == sorted(f"it{n}@example.com" for n in range(30))
    message = sink.messages[0][1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Long headers are folded on the wire; unfolded, it is the HTTPS (here: test) URL in <>.
    assert (
        str(message["List-Unsubscribe"])
        .strip()
        .startswith(f"<{settings.WAGTAILADMIN_BASE_URL}/newsletter/unsubscribe/")
    )
    assert message.is_multipart()


@pytest.mark.alone
def test_a_worker_killed_mid_send_is_replaced_without_duplicates(real_worker_setup, news_list):
    start_worker, sink = real_worker_setup
    total = 60
    for n in range(total):
        make_subscriber(f"kill{n}@example.com", news_list)
    newsletter = make_newsletter(news_list)
    doomed = start_worker(rate=20)  # slow enough to be caught in the middle
    sending.start_send(newsletter.pk)
    assert wait_for(lambda: len(sink.recipients()) >= 10, timeout=30)
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.wait()
    sent_before = len(sink.recipients())
    assert sent_before < total
    start_worker(rate=0)  # the broker gives the unacknowledged batches to the new worker
    assert wait_for(finished(newsletter), timeout=90), newsletter.delivery_counts()
    recipients = sink.recipients()
    assert len(recipients) == len(set(recipients)), "a recipient got the newsletter twice"
    counts = newsletter.delivery_counts()
    unknown = set(
        newsletter.deliveries.filter(status=Delivery.Status.UNKNOWN).values_list(
            "subscriber__email", flat=True
        )
    )
    sent = set(
        newsletter.deliveries.filter(status=Delivery.Status.SENT).values_list(
            "subscriber__email", flat=True
        )
    )
    assert counts[Delivery.Status.SENT] + counts.get(Delivery.Status.UNKNOWN, 0) == total
    # Everyone marked sent really got it; nobody outside sent/unknown is missing.
    assert sent <= set(recipients) <= sent | unknown
