"""Pricing and availability: the first stock record, stock required, one configured tax rate."""

from decimal import Decimal

from django.conf import settings
from oscar.apps.partner import prices, strategy


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

    def pricing_policy(self, product, stockrecord):
        # Oscar's TaxInclusiveFixedPrice computes offers on prices with tax while the discount
        # is recorded against whichever basis OSCAR_OFFERS_INCL_TAX names; a FixedPrice with
        # known tax computes offers on that same basis, so discounts and totals agree.
        price = super().pricing_policy(product, stockrecord)
        if not price.exists:
            return price
        return prices.FixedPrice(
            currency=price.currency, excl_tax=price.excl_tax, tax=price.tax, tax_code=price.tax_code
        )
