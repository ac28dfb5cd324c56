from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import menu_pages


def site_chrome(request):
    """What the header and footer need on every page; evaluated only when a template uses it."""
    return {
        "site_name": settings.SITE_NAME,
        # Inclusion tags render without context processors, so the default must be the common case.
        "prices_exclude_tax": not settings.SHOP_PRICES_INCLUDE_TAX,
        # Oscar's checkout and order templates show line prices without tax when this is set.
        "show_tax_separately": not settings.SHOP_PRICES_INCLUDE_TAX,
        "menu_pages": SimpleLazyObject(lambda: menu_pages(request)),
    }
