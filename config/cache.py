"""The Redis cache, failing open and fast while Redis is down or hanging.

django-redis' IGNORE_EXCEPTIONS makes reads misses and writes no-ops during an outage. `add` is
the one call callers use as a lock or a counter's first step (allauth's rate limits wait on it,
then answer 429 when it never succeeds), so here it reports success instead: with the cache
down, limits let requests through rather than lock everyone out.

A Redis that accepts connections but never answers costs a socket timeout per call, and a page
makes several (session, rate limits, fragments). So a circuit breaker, per process and Redis
URL, counts failures in a row: after CACHE_CIRCUIT_FAILURES of them every call is skipped at
once (a miss) for CACHE_CIRCUIT_COOLDOWN_SECONDS, then one call tries Redis again. The outage is
logged when it starts, when Redis is skipped and when it answers again, not once per call.
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django_redis.cache import RedisCache, omit_exception
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("config.cache")


class RedisSkipped(Exception):
    """Redis was not asked: its circuit breaker is open."""


class CircuitBreaker:
    def __init__(self, name, *, threshold, cooldown, clock=time.monotonic):
        self.name, self.threshold, self.cooldown, self.clock = name, threshold, cooldown, clock
        self.failures = 0
        self.open_until = None
        self.lock = threading.Lock()

    def is_open(self):
        with self.lock:
            return self.open_until is not None and self.clock() < self.open_until

    def failed(self, error):
        with self.lock:
            self.failures += 1
            if self.failures == 1:
                logger.warning("Redis cache %s failed (%s); reads miss meanwhile", self.name, error)
            if self.failures < self.threshold:
                return
            reopening = self.open_until is not None
            self.open_until = self.clock() + self.cooldown
        if not reopening:
            logger.error(
                "Redis cache %s failed %s times in a row: skipping it for %ss at a time",
                self.name,
                self.threshold,
                self.cooldown,
            )

    def succeeded(self):
        with self.lock:
            recovered = self.failures >= self.threshold
            self.failures, self.open_until = 0, None
        if recovered:
            logger.warning("Redis cache %s answers again", self.name)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location):
    """One breaker per Redis location in this process, shared by every thread's cache."""
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = CircuitBreaker(
                location,
                threshold=getattr(settings, "CACHE_CIRCUIT_FAILURES", 3),
                cooldown=getattr(settings, "CACHE_CIRCUIT_COOLDOWN_SECONDS", 30),
            )
        return _breakers[location]


def forget_breakers():
    """Start again with every breaker closed (each test starts with a fresh cache)."""
    with _breakers_lock:
        _breakers.clear()


# Client methods that do not talk to Redis (a success there says nothing about it).
NOT_REDIS_CALLS = frozenset(
    {"make_key", "make_pattern", "encode", "decode", "get_client", "get_client_with_index",
     "get_next_client_index", "connect", "disconnect", "close", "do_close_clients"}
)  # fmt: skip


class GuardedClient:
    """django-redis' client, each call to Redis going through the circuit breaker."""

    def __init__(self, client, breaker):
        self._client, self._breaker = client, breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute) or name in NOT_REDIS_CALLS or name.startswith("_"):
            return attribute

        @functools.wraps(attribute)
        def guarded(*args, **kwargs):
            if self._breaker.is_open():
                raise ConnectionInterrupted(None) from RedisSkipped(self._breaker.name)
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.failed(error)
                raise
            self._breaker.succeeded()
            return result

        return guarded


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # The breaker logs outages once; django-redis would log every call that failed.
        self._log_ignored_exceptions = False

    @property
    def client(self):
        if self._client is None:
            client = self._client_cls(self._server, self._params, self)
            self._client = GuardedClient(client, breaker_for(self._server))
        return self._client

    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
