"""Anonymous full-page cache in the shared cache (Redis in production).

Only visitors with nothing of their own (no session, basket, message or bypass cookie, no
marketing touch to record) are served from it, and only pages whose view marked the request
with `mark_cacheable()` are stored. What differs between such visitors is put back on every
hit: the CSP nonce is replaced by a fresh one, and CSRF tokens by tokens of the visitor's own
CSRF cookie (set when they have none), so forms work without JavaScript.

A page's key holds the deploy version, the host, the language, the path with its query
string and the generation of every concern (`CONCERNS`). Invalidating a concern writes a new
generation (one cache write, after the transaction commits), so every key built on the old
one stops being read and expires on its own: no key is ever scanned or deleted.
"""

import hashlib
import re
import secrets
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .metrics import PAGE_CACHE

# What a cached page may depend on; a page's key holds the generation of each.
CONCERNS = ("content", "catalogue", "bookings")
GENERATION_KEY = "page-cache:generation:{}"
PAGE_KEY = "page-cache:page:{}"
BYPASS_COOKIE = "page_cache_bypass"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
NONCE_PLACEHOLDER = b"\x00page-cache-nonce\x00"
CSRF_PLACEHOLDER = b"\x00page-cache-csrf\x00"
# A masked CSRF token: 64 letters and digits (Django's CSRF_TOKEN_LENGTH).
TOKEN_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Headers of a stored response that belong to the one request that rendered it.
UNSTORED_HEADERS = {"content-length", "etag", "last-modified", "cache-control", "x-page-cache"}

# Predicates registered by the apps above: a request for which one is true reaches the views
# (e.g. marketing's attribution, which writes the session). See `register_request_rule`.
_request_rules = []


def register_request_rule(rule):
    """`rule(request)` true means the request must not be answered from the page cache."""
    _request_rules.append(rule)


@dataclass(frozen=True)
class Mark:
    """Set on a request by a view whose page may be stored for anonymous visitors."""

    # Cookies the page reads: a visitor sending one is not served the stored copy, and the
    # page's own Set-Cookie for them is replayed to visitors who have none.
    own_cookies: frozenset = field(default_factory=frozenset)


def mark_cacheable(request, own_cookies=()):
    request.page_cache_mark = Mark(frozenset(own_cookies))


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def invalidate(concern):
    """Forget every stored page that depended on `concern`, once the transaction commits."""
    if concern not in CONCERNS:
        raise ValueError(f"Unknown page cache concern: {concern}")
    transaction.on_commit(lambda: cache.set(GENERATION_KEY.format(concern), time.time_ns(), None))


# While the cache does not answer, each call waits CACHE_SOCKET_TIMEOUT: after one failed
# attempt the page cache stays out of the way for this long (per process).
OUTAGE_PAUSE_SECONDS = 10
_paused_until = 0.0


def resume():
    """Use the cache again at once, not after the outage pause (each test starts afresh)."""
    global _paused_until
    _paused_until = 0.0


def generations():
    """Each concern's generation, or None when the cache cannot be trusted to answer."""
    global _paused_until
    if time.monotonic() < _paused_until:
        return None
    keys = [GENERATION_KEY.format(concern) for concern in CONCERNS]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                # First use (or evicted): a new value, never an old one keys were built on.
                cache.add(key, time.time_ns(), None)
        found = cache.get_many(keys)
        if len(found) < len(keys):
            _paused_until = time.monotonic() + OUTAGE_PAUSE_SECONDS
            return None  # the cache is down: render everything
    return [str(found[key]) for key in keys]


def bypass_cookies():
    return {
        settings.SESSION_COOKIE_NAME,
        MESSAGES_COOKIE,
        settings.OSCAR_BASKET_COOKIE_OPEN,
        BYPASS_COOKIE,
    }


def may_serve(request):
    """Whether this request may be answered from, or stored in, the page cache."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return False
    if "authorization" in request.headers or bypass_cookies() & request.COOKIES.keys():
        return False
    return not any(rule(request) for rule in _request_rules)


def page_key(request):
    gens = generations()
    if gens is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    language = translation.get_language_from_request(request)
    parts = [settings.PAGE_CACHE_VERSION, request.scheme, host, language, request.get_full_path()]
    digest = hashlib.sha256("\n".join(parts + gens).encode()).hexdigest()
    return PAGE_KEY.format(digest)


class PageCacheMiddleware:
    """Serves marked pages to anonymous visitors from the cache; stores them on a miss.

    It sits outside the CSP and CSRF middleware (it replays their headers and puts fresh
    values in) and outside everything that reads sessions, so a hit touches no database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve(request):
            return self.get_response(request)
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None and not entry["own_cookies"] & request.COOKIES.keys():
            return serve(request, entry)
        response = self.get_response(request)
        mark = getattr(request, "page_cache_mark", None)
        if mark is None or request.method != "GET" or mark.own_cookies & request.COOKIES.keys():
            return response
        entry = entry_from(request, response, mark)
        if entry is None:
            PAGE_CACHE.labels("not_stored").inc()
            return response
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        PAGE_CACHE.labels("stored").inc()
        add_validators(response, entry)
        response["X-Page-Cache"] = "miss"
        return response


def entry_from(request, response, mark):
    """What to store of a response, or None when it must not be stored."""
    if response.status_code != 200 or response.streaming:
        return None
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return None
    csrf_cookie = settings.CSRF_COOKIE_NAME
    own = [name for name in response.cookies if name != csrf_cookie]
    if any(name not in mark.own_cookies for name in own):
        return None  # a cookie we cannot hand to another visitor (session, messages ...)
    body = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER)
        placeholder = NONCE_PLACEHOLDER.decode()
        headers = [(k, v.replace(nonce, placeholder)) for k, v in headers]
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        body = without_tokens(body, secret)
    cookies = [
        (name, response.cookies[name].value, dict(response.cookies[name].items())) for name in own
    ]
    match = request.resolver_match
    return {
        "view": (match.view_name or match._func_path) if match else "",
        "body": body,
        "headers": headers,
        "cookies": cookies,
        "own_cookies": mark.own_cookies,
        "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        "last_modified": int(time.time()),
    }


def without_tokens(body, secret):
    """The body with every CSRF token of `secret` replaced by a placeholder."""
    tokens = {
        candidate
        for candidate in set(TOKEN_CANDIDATE.findall(body))
        if _unmask_cipher_token(candidate.decode()) == secret
    }
    for token in tokens:
        body = body.replace(token, CSRF_PLACEHOLDER)
    return body


def per_visitor(entry):
    return bool(entry["cookies"]) or CSRF_PLACEHOLDER in entry["body"]


def add_validators(response, entry):
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    if per_visitor(entry):
        # Tokens and cookies of one visitor: a shared cache (CDN) must not keep it.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_CDN_SECONDS
        )
    patch_vary_headers(response, ["Cookie"])


def serve(request, entry):
    # The request metrics label responses by view: a hit answers for the view that rendered it.
    request.resolver_match = SimpleNamespace(view_name=entry["view"], _func_path=entry["view"])
    not_modified = get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"]
    )
    if not_modified is not None:
        add_validators(not_modified, entry)
        not_modified["X-Page-Cache"] = "hit"
        PAGE_CACHE.labels("not_modified").inc()
        return not_modified
    body = entry["body"]
    nonce = secrets.token_urlsafe(16)
    body = body.replace(NONCE_PLACEHOLDER, nonce.encode())
    csrf = CsrfViewMiddleware(lambda request: None)
    if CSRF_PLACEHOLDER in body:
        csrf.process_request(request)  # takes the visitor's CSRF cookie, when valid
        pieces = body.split(CSRF_PLACEHOLDER)
        body = pieces[0] + b"".join(get_token(request).encode() + p for p in pieces[1:])
    response = HttpResponse(body)
    placeholder = NONCE_PLACEHOLDER.decode()
    for name, value in entry["headers"]:
        response[name] = value.replace(placeholder, nonce)
    for name, value, attributes in entry["cookies"]:
        response.cookies[name] = value
        response.cookies[name].update({k: v for k, v in attributes.items() if v})
    csrf.process_response(request, response)  # sets the CSRF cookie a new visitor needs
    response["Content-Length"] = str(len(body))
    add_validators(response, entry)
    response["X-Page-Cache"] = "hit"
    PAGE_CACHE.labels("hit").inc()
    return response


# Which concern a saved or deleted row belongs to: an app label (all its models) or
# "label.model". Only rows whose change can show on a cached page: never renditions, logs,
# revisions or the reference index, which are written while pages render or drafts are saved.
CONCERN_OF_MODELS = {
    "wagtailcore.page": "content",
    "wagtailcore.site": "content",
    "wagtailcore.pageviewrestriction": "content",
    "wagtailcore.locale": "content",
    "wagtailredirects.redirect": "content",
    "wagtailimages.image": "content",
    "home": "content",  # home, content, landing and form pages; site settings
    "blog": "content",
    "venues": "content",  # venue pages, their hours, team, FAQs and services
    "marketing.campaign": "content",
    "catalogue": "catalogue",
    "partner": "catalogue",  # stock records: prices and stock
    "reviews": "catalogue",  # Oscar's product reviews
    "venue_reviews": "content",  # venue reviews and replies show on venue pages
    "offer": "catalogue",
    "bookings": "bookings",  # bookings and holds: the next free times
}


def concern_of(model):
    meta = model._meta
    return CONCERN_OF_MODELS.get(meta.label_lower) or CONCERN_OF_MODELS.get(meta.app_label)


def _changed(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures loading
    invalidate(concern_of(sender))


def connect_receivers():
    """Receivers for the models of CONCERN_OF_MODELS only (each by sender, so the deletion of
    any other model keeps Django's fast path)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_models():
        if concern_of(model) is None:
            continue
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
