"""Reject control characters in the path, query string and form body before any view runs.

Runs before sessions, attribution and the basket, so nothing downstream stores or echoes a NUL
byte (PostgreSQL refuses them in text and raises). JSON endpoints (views marked with
`answers_json`) get a JSON error, everything else a small HTML page.
"""

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from .text import has_control_characters

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MESSAGE = "The request contains control characters (such as a NUL byte) that are not allowed."
# Ids a proxy or client may pass through X-Request-ID; anything else is replaced with a new one.
SAFE_REQUEST_ID = re.compile(r"\A[A-Za-z0-9._-]{1,64}\Z")
REQUEST_ID_META_KEY = "HTTP_X_REQUEST_ID"


def answers_json(view):
    """Mark a view whose clients expect JSON, errors included."""
    view.answers_json = True
    return view


def wants_json(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "answers_json", False)


def bad_input_response(request, message=MESSAGE):
    if wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return render(request, "safe_input/bad_request.html", {"message": message}, status=400)


def has_bad_query(request) -> bool:
    return any(
        has_control_characters(key) or any(has_control_characters(value) for value in values)
        for key, values in request.GET.lists()
    )


def has_bad_form_body(request) -> bool:
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return False
    return any(
        has_control_characters(key)
        or any(has_control_characters(value, allow_line_breaks=True) for value in values)
        for key, values in request.POST.lists()
    )


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            has_control_characters(request.path_info)
            or has_bad_query(request)
            or has_bad_form_body(request)
        ):
            return bad_input_response(request)
        return self.get_response(request)


class SafeRequestIdMiddleware:
    """Drops an X-Request-ID that is not a short token before django-guid reads it.

    django-guid either trusts the header verbatim or accepts only UUIDs; proxies send other
    safe ids, and an unchecked one would be echoed into every log line and response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get(REQUEST_ID_META_KEY)
        if given is not None and not SAFE_REQUEST_ID.match(given):
            # django-guid generates a fresh id when the header is absent.
            del request.META[REQUEST_ID_META_KEY]
        return self.get_response(request)
