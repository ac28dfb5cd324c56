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


# Where the code a page is rendered from lives: a change to any of these files is a deploy.
FINGERPRINTED = (
    "templates",
    "static",
    "config",
    "core",
    "home",
    "blog",
    "venues",
    "bookings",
    "shop",
    "search",
    "marketing",
    "accounts",
)


def code_fingerprint(base_dir):
    """A short hash of the names, sizes and times of the code and template files.

    Every process started from one build computes the same value (so they share cached pages),
    and a new build a new one (so a deploy never serves pages of the old templates)."""
    import hashlib
    import os

    digest = hashlib.sha256()
    for folder in FINGERPRINTED:
        for root, dirs, files in os.walk(base_dir / folder):
            dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "tests", "node_modules"))
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                stat = os.stat(os.path.join(root, name))
                digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]
