"""Counting requests per client IP (and per account or address) in the shared cache.

Limits are named in the RATE_LIMITS setting, e.g. {"search": "60/m,600/h"}: at most that many
requests in each fixed window. Every limit counts per client IP, as allauth finds it behind
TRUSTED_PROXY_COUNT proxies; a call with `key` (an address, a session) counts per IP and key
too. With the cache down nothing is counted: limits fail open, and the error is logged.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from functools import wraps

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int

    @classmethod
    def parse(cls, text):
        """ "5/m", "30/h" or "3/600s": amount per (a number of) seconds, minutes, hours, days."""
        amount, _, period = text.strip().partition("/")
        number, unit = period[:-1], period[-1:]
        if unit not in UNITS:
            raise ValueError(f"rate {text!r}: the period must end in one of {tuple(UNITS)}")
        return cls(int(amount), int(float(number or 1) * UNITS[unit]))


def rates_for(action):
    config = settings.RATE_LIMITS.get(action, "")
    return [Rate.parse(part) for part in config.split(",") if part.strip()]


def client_ip(request):
    return get_adapter(request).get_client_ip(request)


def hit(request, action, *, key=None):
    """Count one request; False when it goes over any of the action's limits."""
    try:
        scope = client_ip(request)
        if key is not None:
            scope += ":" + hashlib.sha256(str(key).lower().encode()).hexdigest()[:32]
        return all(count_within(action, scope, rate) for rate in rates_for(action))
    except Exception:
        logger.exception("rate limit %s not counted; letting the request through", action)
        return True


def count_within(action, scope, rate):
    window = int(time.time() // rate.seconds)
    cache_key = f"rl:{action}:{rate.amount}/{rate.seconds}:{scope}:{window}"
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    count = cache.incr(cache_key)
    # None: the cache swallowed an outage (see config/cache.py), so nothing was counted.
    return count is None or count <= rate.amount


def too_many_requests(request, *, as_json=False):
    retry_after = str(min((rate.seconds for rate in rates_for_request(request)), default=60))
    if as_json:
        response = JsonResponse(
            {"error": "Too many requests: please wait a moment, then try again."}, status=429
        )
    else:
        response = TemplateResponse(request, "429.html", status=429)
    response["Retry-After"] = retry_after
    return response


def rates_for_request(request):
    return rates_for(getattr(request, "rate_limited_action", ""))


def over_limit(request, action, *, key=None):
    """Count one request against `action` per IP (and against "<action>_per_key" per IP and
    `key`, when there is a key); True when it is one too many, remembered for the 429."""
    allowed = hit(request, action)
    if allowed and key:
        allowed = hit(request, f"{action}_per_key", key=key)
    if not allowed:
        request.rate_limited_action = action
    return not allowed


def rate_limit(action, *, key=None, methods=("POST",), as_json=False):
    """View decorator: counts `methods` requests against `action` and answers 429 past it.

    `key(request)` may return an address or session (or None) to count per IP and key too."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and over_limit(
                request, action, key=key(request) if key else None
            ):
                return too_many_requests(request, as_json=as_json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
