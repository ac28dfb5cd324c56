"""Pricing and availability: the first stock record, stock required, one configured tax rate."""

from decimal import Decimal

from django.conf import settings
from oscar.apps.partner import availability, prices, strategy

from shop import lines


class ChoiceNeeded(availability.Base):
    """A product that is in the basket only with a choice made on its own page (a service and
    its booked time): on sale, but refused to any form that adds it as it is."""

    def __init__(self, policy, reason):
        self.policy = policy
        self.reason = reason
        self.code = policy.code
        self.message = policy.message
        self.dispatch_date = policy.dispatch_date

    @property
    def is_available_to_buy(self):
        return self.policy.is_available_to_buy

    def is_purchase_permitted(self, quantity):
        return False, self.reason


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

    def availability_policy(self, product, stockrecord):
        policy = super().availability_policy(product, stockrecord)
        reason = lines.missing_choice(product)
        return ChoiceNeeded(policy, reason) if reason else policy

    def fetch_for_line(self, line, stockrecord=None):
        """A line carrying its choice (a booked time) is judged on the product's own stock."""
        info = super().fetch_for_line(line, stockrecord)
        if isinstance(info.availability, ChoiceNeeded):
            options = [{"option": a.option, "value": a.value} for a in line.attributes.all()]
            if lines.missing_choice(line.product, options) is None:
                return info._replace(availability=info.availability.policy)
        return info

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
