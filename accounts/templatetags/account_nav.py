from django import template

from accounts.navigation import items_for

register = template.Library()


@register.inclusion_tag("accounts/includes/account_nav.html", takes_context=True)
def account_nav(context):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {"items": items_for(match.view_name if match else "")}
