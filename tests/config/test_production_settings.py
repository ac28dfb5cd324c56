"""Production settings refuse to start without what they cannot guess, and pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

REALISTIC_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3y-" + "x7Q9mZp2Lw8Rt5Vb1Nc4Hd6Jf0Gs3Ka" * 2,
    "ALLOWED_HOSTS": "shop.example.com,www.shop.example.com",
    "DATABASE_URL": "postgres://site:secret@db.internal:5432/site",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_123",
    "STRIPE_SECRET_KEY": "sk_test_123",
    "STRIPE_WEBHOOK_SECRET": "whsec_123",
}


def manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if k not in REALISTIC_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean_env | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "STRIPE_SECRET_KEY"],
)
def test_refuses_to_start_without_required_variable(missing):
    env = {k: v for k, v in REALISTIC_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set" in result.stderr


def test_refuses_sqlite_database():
    result = manage("check", env=REALISTIC_ENV | {"DATABASE_URL": "sqlite:////tmp/site.db"})
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_deploy_check_reports_nothing_with_realistic_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=REALISTIC_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
