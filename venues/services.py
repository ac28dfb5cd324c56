"""A venue's services: Oscar products of the "Venue service" class sold by the venue's partner."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, OuterRef, Subquery
from oscar.core.loading import get_model

from shop.pricing import default_strategy, price_of_stockrecord

VENUE_SERVICE_CLASS = "venue-service"
DURATION_ATTRIBUTE = "duration_minutes"
MONEY = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class Service:
    product_id: int
    title: str
    url: str
    price: Decimal | None
    currency: str
    duration_minutes: int | None

    @property
    def duration_display(self):
        if not self.duration_minutes:
            return ""
        hours, minutes = divmod(self.duration_minutes, 60)
        parts = [f"{hours} h"] if hours else []
        if minutes:
            parts.append(f"{minutes} min")
        return " ".join(parts)


def lowest_service_price():
    """A subquery for venue querysets: the lowest stock-record price (before tax) among the
    venue's public services, so cards get their "from" price in the listing's own query."""
    StockRecord = get_model("partner", "StockRecord")
    prices = StockRecord.objects.filter(
        partner_id=OuterRef("partner_id"),
        product__product_class__slug=VENUE_SERVICE_CLASS,
        product__is_public=True,
        price__isnull=False,
    ).order_by("price")
    return Subquery(prices.values("price")[:1], output_field=MONEY)


def shown_from_price(stock_price):
    """The policy's figure for the lowest service price (one tax rate: no product needed)."""
    if stock_price is None:
        return None
    StockRecord = get_model("partner", "StockRecord")
    record = StockRecord(price=stock_price, price_currency=settings.OSCAR_DEFAULT_CURRENCY)
    return price_of_stockrecord(None, record)


def services_for_partner(partner_id) -> list[Service]:
    """The partner's public services with price (the shop's price policy) and duration, in
    one query."""
    if partner_id is None:
        return []
    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    AttributeValue = get_model("catalogue", "ProductAttributeValue")
    stock = StockRecord.objects.filter(product=OuterRef("pk"), partner_id=partner_id).order_by("pk")
    duration = AttributeValue.objects.filter(
        product=OuterRef("pk"), attribute__code=DURATION_ATTRIBUTE
    )
    products = (
        Product.objects.filter(
            product_class__slug=VENUE_SERVICE_CLASS,
            is_public=True,
            stockrecords__partner_id=partner_id,
        )
        .annotate(
            service_price=Subquery(stock.values("price")[:1], output_field=MONEY),
            service_currency=Subquery(stock.values("price_currency")[:1]),
            service_minutes=Subquery(duration.values("value_integer")[:1]),
        )
        .order_by("title")
        .distinct()
    )
    strategy = default_strategy()
    services = []
    for product in products:
        # The shopper's figure for the partner's stock record, as the product page shows it.
        record = StockRecord(price=product.service_price, price_currency=product.service_currency)
        shown = price_of_stockrecord(product, record, strategy)
        services.append(
            Service(
                product_id=product.pk,
                title=product.title,
                url=product.get_absolute_url(),
                price=shown.amount if shown else None,
                currency=product.service_currency,
                duration_minutes=product.service_minutes,
            )
        )
    return services
