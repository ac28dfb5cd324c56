"""Emptying the cache between tests without emptying anyone else's.

Django's RedisCache.clear() flushes the whole Redis database, and with it whatever another
test run or worker keeps there: a neighbour's cache going cold mid-test changes its query
counts. The test settings give every worker its own key prefix, and only those keys go.
"""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def clear_own_cache_keys(alias="default"):
    cache = caches[alias]
    if not isinstance(cache, RedisCache):
        cache.clear()  # in-process: nobody else's
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
