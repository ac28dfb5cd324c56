"""Pricing and availability: the first stock record, stock required, one configured tax rate."""

from decimal import Decimal

from django.conf import settings
from oscar.apps.partner import strategy


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return SiteStrategy(request)


class SiteStrategy(
    strategy.UseFirstStockRecord, strategy.StockRequired, strategy.FixedRateTax, strategy.Structured
):
    """Stock record prices exclude tax; `SHOP_TAX_RATE` (e.g. 0.20) is added on top."""

    exponent = Decimal("0.01")

    def get_rate(self, product, stockrecord):
        return Decimal(settings.SHOP_TAX_RATE)
