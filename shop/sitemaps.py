"""The shop's part of /sitemap.xml: public available products and public categories."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, F, OuterRef, Q
from oscar.core.loading import get_model


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        """Public products with a stock record that can be bought (or that track no stock)."""
        Product = get_model("catalogue", "Product")
        StockRecord = get_model("partner", "StockRecord")
        purchasable = StockRecord.objects.filter(
            product=OuterRef("pk"), price__isnull=False
        ).filter(
            Q(product__product_class__track_stock=False)
            | Q(num_in_stock__gt=F("num_allocated"))
            | Q(num_in_stock__gt=0, num_allocated__isnull=True)
        )
        return (
            Product.objects.browsable()
            .filter(Exists(purchasable))
            .only("pk", "slug", "date_updated")
            .order_by("pk")
        )

    def location(self, product):
        return product.get_absolute_url()

    def lastmod(self, product):
        return product.date_updated


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return get_model("catalogue", "Category").objects.browsable().order_by("path")

    def location(self, category):
        return category.get_absolute_url()
