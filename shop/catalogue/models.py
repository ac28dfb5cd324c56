import os

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef, Prefetch
from oscar.apps.catalogue.abstract_models import AbstractProduct, MissingProductImage
from oscar.apps.catalogue.managers import ProductQuerySet


def stockrecords_with_partner():
    # Cards of services name their venue (the seller's partner): joined, not one more query.
    records = apps.get_model("partner", "StockRecord").objects.select_related("partner")
    return Prefetch("stockrecords", queryset=records)


def for_cards(products):
    """What a product card needs (class, price, stock, image, has it options), prefetched."""
    options = apps.get_model("catalogue", "Option").objects
    return (
        products.select_related("product_class")
        .prefetch_related(stockrecords_with_partner(), "images")
        .annotate(
            has_product_class_options=Exists(
                options.filter(productclass=OuterRef("product_class"))
            ),
            has_product_options=Exists(options.filter(product=OuterRef("pk"))),
        )
    )


class SharedMissingImage(MissingProductImage):
    """Oscar's placeholder image, linked into MEDIA_ROOT on first use, safe under concurrency.

    Oscar creates the link when a request first needs it; two first requests at once both try,
    and the loser's "file exists" became a 500. The link existing is all that matters."""

    def symlink_missing_image(self, media_file_path):
        try:
            super().symlink_missing_image(media_file_path)
        except ImproperlyConfigured:
            if not os.path.exists(media_file_path):
                raise


class CatalogueQuerySet(ProductQuerySet):
    def base_queryset(self):
        """Oscar's, with each stock record's partner joined (a service names its venue)."""
        options = apps.get_model("catalogue", "Option").objects
        return (
            self.select_related("product_class")
            .annotate(
                has_product_class_options=Exists(
                    options.filter(productclass=OuterRef("product_class"))
                ),
                has_product_options=Exists(options.filter(product=OuterRef("pk"))),
            )
            .prefetch_related(
                "children",
                "product_options",
                "product_class__options",
                stockrecords_with_partner(),
                "images",
            )
        )


class Product(AbstractProduct):
    objects = CatalogueQuerySet.as_manager()

    def is_review_permitted(self, user):
        """Oscar's rule (signed in, once per product), and with SHOP_REVIEWS_VERIFIED_ONLY only
        for people who bought it."""
        from django.conf import settings

        from .purchases import has_bought

        if not super().is_review_permitted(user):
            return False
        return not settings.SHOP_REVIEWS_VERIFIED_ONLY or has_bought(user, self)

    def get_missing_image(self):
        return SharedMissingImage()

    def sorted_recommended_products(self):
        """Recommendations in ranking order, each with what its card needs, in a few queries."""
        ids = list(
            self.primary_recommendations.order_by("-ranking", "pk").values_list(
                "recommendation_id", flat=True
            )
        )
        products = for_cards(type(self).objects.all()).in_bulk(ids)
        return [products[product_id] for product_id in ids if product_id in products]


from oscar.apps.catalogue.models import *  # noqa: E402, F403
