"""What keeps parallel test workers apart: per-worker files, index names and Redis databases,
and test databases cloned from a template named after the migrations."""

from pathlib import Path

import pytest
from django.db import connection

from config.settings import test as test_settings
from tests import database_template


def test_each_worker_has_its_own_media_folders_and_search_indices():
    worker = test_settings.TEST_WORKER
    assert Path(test_settings.MEDIA_ROOT).name == worker
    assert Path(test_settings.PRIVATE_MEDIA_ROOT).name == worker
    assert test_settings.SEARCH_INDEX_PREFIX.startswith("test-")
    assert test_settings.SEARCH_INDEX_PREFIX.endswith(f"-{worker}")


@pytest.mark.parametrize(
    ("worker", "expected"),
    [("", "redis://h:6379/8"), ("gw0", "redis://h:6379/8"), ("gw3", "redis://h:6379/11")],
)
def test_each_worker_has_its_own_redis_database(worker, expected):
    assert test_settings._redis_url_for_worker("redis://h:6379/8", worker) == expected


def test_the_migrations_hash_is_stable():
    assert database_template.migrations_hash() == database_template.migrations_hash()


def test_workers_share_one_template_named_after_the_migrations(monkeypatch):
    names = {}
    for worker in ("gw0", "gw1"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        monkeypatch.setattr(
            connection.creation, "_get_test_db_name", lambda worker=worker: f"test_site_{worker}"
        )
        names[worker] = database_template.DatabaseTemplate("default", "abc123").name
    assert names["gw0"] == names["gw1"]
    assert names["gw0"].startswith("test_site") and names["gw0"].endswith("abc123")
