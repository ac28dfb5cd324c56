"""Per-IP limits on every API request (RATE_LIMITS "api", and "api_write" for writes), counted
in the shared cache by throttling/, as the site's own forms and search are."""

from functools import wraps

from throttling.limits import over_limit, rates_for

from .errors import error_response

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def refusal(action):
    retry = min((rate.seconds for rate in rates_for(action)), default=60)
    return error_response(429, headers={"Retry-After": str(retry)})


def api_rate_limit(view):
    @wraps(view)
    def limited(request, *args, **kwargs):
        if over_limit(request, "api"):
            return refusal("api")
        if request.method not in SAFE_METHODS and over_limit(request, "api_write"):
            return refusal("api_write")
        return view(request, *args, **kwargs)

    return limited
