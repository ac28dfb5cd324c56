"""What keeps parallel test workers apart: per-worker files, index names, Redis databases and
cache keys, and test databases cloned from a template named after the migrations."""

from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from config.settings import test as test_settings
from tests import database_template
from tests.cache_isolation import clear_own_cache_keys


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
    assert "gw" not in names["gw0"] and names["gw0"].endswith("abc123")


def test_emptying_the_cache_between_tests_keeps_other_runs_keys():
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        pytest.skip("REDIS_URL is not set: the cache is in-process, nobody else's")
    client = cache._cache.get_client(write=True)
    theirs = "another-run:1:site-root-paths"
    client.set(theirs, "warm")
    cache.set("ours", "warm")
    try:
        clear_own_cache_keys()
        assert cache.get("ours") is None
        assert client.get(theirs) == b"warm"
    finally:
        client.delete(theirs)
