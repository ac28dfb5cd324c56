"""Deploy smoke test: what the image does, on an empty PostgreSQL database.

Production settings, `migrate` on a freshly created database, `collectstatic` (with the
image's build-time placeholders, so it provably needs no database), then gunicorn with the
image's config on a free port: /healthz, /readyz (live, with the token), a hashed static file
and /metrics must answer. Runs only with DATABASE_URL on PostgreSQL (and Redis for the cache
and broker: REDIS_URL, or the local default)."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from config.healthcheck import probe

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL on PostgreSQL",
)

BUILD_PLACEHOLDERS = {
    # The Dockerfile's collectstatic values: nothing here may be reachable.
    "SECRET_KEY": "build-time-only-not-a-secret",
    "ALLOWED_HOSTS": "build.invalid",
    "DATABASE_URL": "postgres://build@build.invalid:5432/build",
    "REDIS_URL": "redis://build.invalid:6379/0",
    "STRIPE_PUBLISHABLE_KEY": "pk_build",
    "STRIPE_SECRET_KEY": "sk_build",
    "STRIPE_WEBHOOK_SECRET": "whsec_build",
}


def smoke_database_url():
    parts = urlsplit(DATABASE_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = parts.path.lstrip("/").split("?")[0] + "_smoke" + (f"_{worker}" if worker else "")
    return urlunsplit(parts._replace(path=f"/{name}")), name


def admin_connection():
    import psycopg

    parts = urlsplit(DATABASE_URL)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def recreate_database(name):
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment():
    """A clean environment: only what a container would be given."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    return {key: value for key, value in os.environ.items() if key in keep}


def run(args, env, timeout=600):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture
def deployment(tmp_path):
    database_url, database_name = smoke_database_url()
    recreate_database(database_name)
    port = free_port()
    env = base_environment() | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "smoke-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "shop.example.com",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/12",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_ci",
        "STRIPE_SECRET_KEY": "sk_test_ci",
        "STRIPE_WEBHOOK_SECRET": "whsec_ci",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "READYZ_TOKEN": secrets.token_urlsafe(24),
        "METRICS_TOKEN": secrets.token_urlsafe(24),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    server = None
    try:
        run(["manage.py", "migrate", "--no-input", "-v", "0"], env)
        run(["manage.py", "collectstatic", "--no-input", "-v", "0"], env | BUILD_PLACEHOLDERS)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py"],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_until_serving(server, env)
        yield env
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        drop_database(database_name)


def wait_until_serving(server, env, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("gunicorn exited:\n" + server.stdout.read()[-4000:])
        result = subprocess.run(
            [sys.executable, "-m", "config.healthcheck"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode == 0:
            return
        time.sleep(1)
    pytest.fail("gunicorn did not answer /healthz in time")


def get(path, env, token=None):
    headers = {"Host": "shop.example.com", "X-Forwarded-Proto": "https"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"http://127.0.0.1:{env['PORT']}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_fresh_deployment_serves_health_readiness_static_files_and_metrics(deployment, monkeypatch):
    env = deployment
    for key in ("PORT", "ALLOWED_HOSTS", "READYZ_TOKEN"):
        monkeypatch.setenv(key, env[key])

    status, body = probe("/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}

    status, body = probe("/readyz")  # the image's --ready probe, with the token
    readiness = json.loads(body)
    assert status == 200, readiness
    assert readiness["live"] is True
    for check in ("database", "cache", "search", "broker"):
        assert readiness["checks"][check]["status"] == "ok", readiness

    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    hashed = next(name for name in manifest["paths"].values() if name.endswith(".css"))
    status, _ = get(f"/static/{hashed}", env)
    assert status == 200

    assert get("/metrics", env)[0] == 403
    status, body = get("/metrics", env, token=env["METRICS_TOKEN"])
    assert status == 200
    assert b'django_http_responses_total{method="GET",status="200",view="healthz"}' in body
    assert b"celery_queue_length" in body
