"""The cache configuration for a Redis URL (used by the settings and by the outage tests)."""


def redis_cache(url, *, key_prefix="site", socket_timeout=0.5, ignore_exceptions=True):
    return {
        "BACKEND": "config.cache.FailOpenRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            # A Redis outage is logged and every cache call acts as a miss (reads give the
            # default, writes do nothing) instead of raising: see config/cache.py.
            "IGNORE_EXCEPTIONS": ignore_exceptions,
            # Connecting to, then hearing from, Redis gives up after this many seconds.
            "SOCKET_CONNECT_TIMEOUT": socket_timeout,
            "SOCKET_TIMEOUT": socket_timeout,
            # No CLIENT SETINFO on connecting: against a Redis that hangs, each of those
            # commands would wait its own socket timeout before the call itself did.
            "CONNECTION_POOL_KWARGS": {"lib_name": None, "lib_version": None},
        },
    }
