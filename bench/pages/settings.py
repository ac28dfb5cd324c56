"""Production settings as the page benchmark serves them: plain HTTP on the loopback.

Everything that decides speed is production's: DEBUG off, the cached template loader (Django's
default without DEBUG), persistent database connections (CONN_MAX_AGE), Redis cache and
sessions, WhiteNoise with the hashed manifest. Only what needs HTTPS is switched off, and the
static files are collected into a folder of the benchmark's own.
"""

from pathlib import Path

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
OSCAR_BASKET_COOKIE_SECURE = False
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = False
OSCAR_URL_SCHEMA = "http"
STATIC_ROOT = Path(__file__).resolve().parent / ".staticfiles"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
