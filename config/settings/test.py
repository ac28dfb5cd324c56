"""Test runs: fast hashing, in-memory email, eager tasks, no DEBUG."""

import hashlib
import os
from pathlib import Path


def _redis_url_for_worker(url, worker):
    """Parallel workers ("gw0", "gw1", ...) each get the Redis database after the last one's:
    every test clears the cache, and must not clear another worker's mid-test."""
    if not url or not worker.startswith("gw"):
        return url
    base, _, database = url.rpartition("/")
    number = int(database) if database.isdigit() else 0
    return f"{base}/{(number + int(worker[2:])) % 16}"


# Before the base settings read it; tests that start a Celery worker read it from here too,
# and that worker (a subprocess loading these settings again) must not move it a second time.
if os.environ.get("REDIS_URL") and not os.environ.get("TEST_REDIS_URL_PER_WORKER"):
    os.environ["REDIS_URL"] = _redis_url_for_worker(
        os.environ["REDIS_URL"], os.environ.get("PYTEST_XDIST_WORKER", "")
    )
    os.environ["TEST_REDIS_URL_PER_WORKER"] = "1"

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Each parallel worker (and each checkout sharing a machine) gets its own folders and index
# names: one worker's teardown must not delete another's thumbnails or search indices.
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "") or "main"
TEST_CHECKOUT = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".pytest-media" / TEST_WORKER  # noqa: F405
SEARCH_INDEX_PREFIX = env(  # noqa: F405
    "SEARCH_INDEX_PREFIX",
    default=f"test-{TEST_CHECKOUT}-{TEST_WORKER}",
)
if "KEY_PREFIX" in CACHES["default"]:  # noqa: F405 (Redis, whose database others may share)
    CACHES["default"]["KEY_PREFIX"] = f"test-{TEST_CHECKOUT}-{TEST_WORKER}"  # noqa: F405
# Tests run tasks in-process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
WAGTAILADMIN_BASE_URL = "http://testserver"
# New venues are put on the map by the offline fake, never by a network service.
VENUE_GEOCODER = "venues.geocoding.FakeGeocoder"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Serve static files straight from the apps' folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file, not memory, so `--reuse-db` skips the 30-second migration run locally.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    database = Path(DATABASES["default"]["NAME"])  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(database.with_name(f"test_{database.name}"))}  # noqa: F405
# Staff tests elsewhere use force_login without MFA; tests/accounts switch enforcement on.
ACCOUNTS_MFA_ENFORCE = False
PRIVATE_MEDIA_ROOT = BASE_DIR / ".pytest-private-media" / TEST_WORKER  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405

# The demo data builders and `manage.py seed_demo`: development and tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
# Off unless a test turns it on (tests/core/test_page_cache.py): other tests change rows with
# UPDATE queries and read the page again.
PAGE_CACHE_SECONDS = 0
