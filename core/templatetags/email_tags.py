from django import template

from core.emails import current_brand

register = template.Library()


@register.simple_tag
def email_brand():
    """The brand emails carry (Oscar renders its templates without our context)."""
    return current_brand()
