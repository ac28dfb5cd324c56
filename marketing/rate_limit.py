"""A token bucket shared by every worker (Redis), so N workers together keep to one rate.

Without Redis (demo, tests) the bucket lives in the process, which is all there is then."""

import threading
import time

from django.conf import settings

# Refill and take atomically in Redis: returns 0 when a token was taken, else the ms to wait.
TAKE_SCRIPT = """
local key, rate, burst, now = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if tokens == nil then tokens, at = burst, now end
-- Workers read the clock before they run this, so a slower one may arrive with an older time:
-- never let the clock run backwards, or the interval between would be refilled twice.
if now < at then now = at end
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', key, 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', key, 60000)
return wait
"""


class TokenBucket:
    def __init__(self, rate, burst=None, *, key="newsletter:rate", redis_url=None):
        self.rate = float(rate)
        self.burst = float(burst or max(1.0, self.rate))
        self.key = key
        self.redis = None
        if redis_url:
            import redis

            self.redis = redis.Redis.from_url(redis_url)
            self._take = self.redis.register_script(TAKE_SCRIPT)
        self._lock = threading.Lock()
        self._tokens, self._at = self.burst, time.monotonic()

    def acquire(self):
        """Block until one message may go out."""
        if self.rate <= 0:
            return
        while True:
            wait_ms = self._try_take()
            if wait_ms <= 0:
                return
            time.sleep(wait_ms / 1000)

    def _try_take(self):
        if self.redis is not None:
            # Redis' own clock, so workers on different machines agree.
            seconds, micros = self.redis.time()
            now_ms = seconds * 1000 + micros // 1000
            return int(self._take(keys=[self.key], args=[self.rate, self.burst, now_ms]))
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0
            return int((1 - self._tokens) * 1000 / self.rate) + 1


_bucket = None


def newsletter_bucket():
    global _bucket
    rate = settings.NEWSLETTER_RATE_PER_SECOND
    if _bucket is None or _bucket.rate != rate:
        _bucket = TokenBucket(rate, redis_url=settings.REDIS_URL or None)
    return _bucket
