"""Who may change what: the site's own JavaScript signs in with the session cookie, so its
writes carry Django's CSRF token, as the site's forms do."""

from django.middleware.csrf import CsrfViewMiddleware

from .errors import ApiError


def _accept(request):
    return None


def require_csrf(request):
    """A write made with the session cookie must carry the CSRF token (403 otherwise)."""
    refusal = CsrfViewMiddleware(_accept).process_view(request, None, (), {})
    if refusal is not None:
        raise ApiError(403, "CSRF check failed: send the csrftoken cookie's value as X-CSRFToken.")
