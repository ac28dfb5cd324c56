from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag(takes_context=True)
def csp_allow(context, name):
    """`{% csp_allow "stripe" %}`: this response may use the origins CSP_EXTRA_SOURCES lists as
    "stripe" (config/csp.py reads `request.csp_extra_sources` when it writes the header)."""
    if name not in settings.CSP_EXTRA_SOURCES:
        raise ValueError(f"no CSP_EXTRA_SOURCES entry called {name!r}")
    request = context.get("request")
    if request is not None:
        if not hasattr(request, "csp_extra_sources"):
            request.csp_extra_sources = set()
        request.csp_extra_sources.add(name)
    return ""
