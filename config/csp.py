"""Content-Security-Policy: one strict policy, widened only on the pages that need more.

The policy itself is in the settings (CONTENT_SECURITY_POLICY, or ..._REPORT_ONLY with
CSP_REPORT_ONLY). Our inline scripts carry the request's nonce. A template that loads a
third-party resource names it with `{% csp_allow "stripe" %}` (core/templatetags/csp_sources.py)
and only that response allows the origins listed in CSP_EXTRA_SOURCES. Django's admin has the
site's policy. Oscar's dashboard has it too, plus the hashes of its three inline "cancel"
handlers. Wagtail's admin, whose widgets write inline scripts with no request to take a nonce
from, gets CSP_INLINE_SCRIPT_SOURCES.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings


def origin_of(url):
    """The origin a URL template is served from; a "{s}" subdomain becomes a wildcard."""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with per-page sources, staff areas and Permissions-Policy."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        update = dict(parts.update or {})
        for name in sorted(getattr(request, "csp_extra_sources", ())):
            for directive, sources in settings.CSP_EXTRA_SOURCES[name].items():
                update[directive] = [*update.get(directive, []), *sources]
        path = request.path_info
        if path.startswith(settings.CSP_DASHBOARD_PATH_PREFIX):
            update["script-src"] = [
                *update.get("script-src", []),
                *settings.CSP_DASHBOARD_HANDLER_HASHES,
            ]
        if path.startswith(tuple(settings.CSP_INLINE_SCRIPT_PATH_PREFIXES)):
            # A nonce in script-src would make browsers ignore 'unsafe-inline'.
            parts.replace = {
                **(parts.replace or {}),
                "script-src": settings.CSP_INLINE_SCRIPT_SOURCES,
            }
            parts.nonce = None
        parts.update = update or None
        return parts
