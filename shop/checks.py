from django.conf import settings
from django.core import checks


@checks.register()
def offers_follow_price_policy(app_configs, **kwargs):
    """Discounts computed on one basis and shown on another would not add up."""
    if settings.OSCAR_OFFERS_INCL_TAX != settings.SHOP_PRICES_INCLUDE_TAX:
        return [
            checks.Error(
                "OSCAR_OFFERS_INCL_TAX must equal SHOP_PRICES_INCLUDE_TAX.",
                hint="Set OSCAR_OFFERS_INCL_TAX = SHOP_PRICES_INCLUDE_TAX.",
                id="shop.E001",
            )
        ]
    return []
