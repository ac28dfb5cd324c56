"""/api/v1/: rate limited per client IP; read answers carry an ETag and honour If-None-Match;
unknown paths answer JSON."""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import path, re_path
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt

from safe_input.middleware import answers_json

from .cms import cms_router
from .errors import not_found_view
from .limits import api_rate_limit
from .main import api

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def api_patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = answers_json(api_rate_limit(conditional_get(pattern.callback)))
    return patterns, app_name, namespace


urlpatterns = [
    path("cms/", cms_router.urls),
    path("", api_patterns()),
    # Any method: it changes nothing, so no CSRF check stands before its 404.
    re_path(r"^[\s\S]*$", answers_json(csrf_exempt(not_found_view))),
]
