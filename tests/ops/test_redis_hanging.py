"""A Redis that accepts connections and never answers does not slow every page.

Each cache call waits for its socket timeout; after a few failures in a row the circuit
breaker in `config/cache.py` skips Redis for a cool-down, so later calls miss at once."""

import logging
import socket
import threading
import time

import pytest
from django.urls import reverse

from config.cache import CircuitBreaker
from config.cache_settings import redis_cache
from tests.accounts.conftest import make_user
from tests.factories import DEFAULT_PASSWORD

# Long enough that a page which waited on Redis at all is told from one that did not.
TIMEOUT = 1.0


@pytest.fixture
def hanging_redis():
    """A socket server that accepts every connection and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(100)
    accepted, stop = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def cache_on_hanging_redis(settings, hanging_redis):
    settings.CACHES = {"default": redis_cache(hanging_redis, socket_timeout=TIMEOUT)}
    settings.CACHE_CIRCUIT_FAILURES = 3
    settings.CACHE_CIRCUIT_COOLDOWN_SECONDS = 60


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_pages_stay_fast_while_redis_hangs(client, cache_on_hanging_redis, home_page, caplog):
    caplog.set_level(logging.WARNING, logger="config.cache")
    client.force_login(make_user())  # a session: every page reads it through the cache
    # The first page pays the breaker's few timeouts (and, in a test, cold templates).
    first, _ = timed_get(client, "/")
    assert first.status_code == 200
    # The breaker is open: no page waits for Redis any more.
    for path in ["/", "/accounts/profile/", "/shop/basket/", "/"]:
        response, took = timed_get(client, path)
        assert response.status_code == 200, path
        assert took < TIMEOUT, f"{path} took {took:.2f}s"
    skipping = [r for r in caplog.records if "skipping it" in r.getMessage()]
    assert len(skipping) == 1  # logged once, not per call


@pytest.mark.django_db
def test_sign_in_works_while_redis_hangs(client, cache_on_hanging_redis, home_page):
    user = make_user()
    started = time.monotonic()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    # At most the breaker's few timeouts, however many cache calls signing in makes.
    assert time.monotonic() - started < 3 * TIMEOUT + 3


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_breaker_opens_after_failures_in_a_row_and_retries_after_the_cool_down():
    clock = Clock()
    breaker = CircuitBreaker("redis://x", threshold=3, cooldown=30, clock=clock)
    breaker.failed("boom")
    breaker.failed("boom")
    breaker.succeeded()  # a success in between: the count starts again
    breaker.failed("boom")
    breaker.failed("boom")
    assert not breaker.is_open()
    breaker.failed("boom")
    assert breaker.is_open()
    clock.now = 29.9
    assert breaker.is_open()
    clock.now = 30.1
    assert not breaker.is_open()  # one call may try Redis again
    breaker.failed("still down")
    assert breaker.is_open()  # and one failure closes the door for another cool-down
    clock.now = 60.2
    breaker.succeeded()
    assert not breaker.is_open() and breaker.failures == 0
