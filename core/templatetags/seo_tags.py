from django import template

from core.seo import seo_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_seo(context):
    """`{% page_seo as seo %}`: the page's SeoMeta (see core/seo.py)."""
    return seo_for(context)
