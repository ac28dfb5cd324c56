"""The Redis cache, failing open while Redis is down.

django-redis' IGNORE_EXCEPTIONS (logged through DJANGO_REDIS_LOGGER) makes reads misses and
writes no-ops during an outage. `add` is the one call callers use as a lock or a counter's
first step (allauth's rate limits wait on it, then answer 429 when it never succeeds), so here
it reports success instead: with the cache down, limits let requests through rather than lock
everyone out.
"""

from django_redis.cache import RedisCache, omit_exception


class FailOpenRedisCache(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
