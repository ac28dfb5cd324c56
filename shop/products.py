"""What a shoppable block shows for a product: live price and stock from Oscar's strategy, and
whether it can go straight into the basket from a page."""

from dataclasses import dataclass

from oscar.core.loading import get_class, get_model

from shop import lines
from shop.catalogue.models import for_cards

Selector = get_class("partner.strategy", "Selector")

MAX_GRID_PRODUCTS = 12


@dataclass
class ProductCard:
    product: object
    purchase_info: object

    @property
    def price(self):
        return self.purchase_info.price

    @property
    def availability(self):
        return self.purchase_info.availability

    @property
    def is_available(self):
        return self.availability.is_available_to_buy

    @property
    def call_to_action(self):
        """("Book", the picker's URL) for a bookable service; None for a basket product."""
        return lines.call_to_action(self.product)

    @property
    def seller(self):
        """The partner selling a service (its venue): two venues may offer the same title."""
        if self.call_to_action is None or self.purchase_info.stockrecord is None:
            return ""
        return self.purchase_info.stockrecord.partner.name

    @property
    def can_add_from_page(self):
        """A plain product in stock: one click adds it; anything else needs its own page."""
        product = self.product
        return (
            self.is_available
            and not product.is_parent
            and lines.missing_choice(product) is None
            and not getattr(product, "has_product_class_options", False)
            and not getattr(product, "has_product_options", False)
        )

    @property
    def image(self):
        # Prefetched rows only: primary_image() would order the images in SQL.
        images = list(self.product.images.all())
        return min(images, key=lambda image: image.display_order) if images else None


def strategy_for(request):
    strategy = getattr(request, "strategy", None)
    return strategy or Selector().strategy(request=request)


def product_cards(products, request=None):
    """Cards for the products that still exist and are public, in the given order."""
    strategy = strategy_for(request)
    return [
        ProductCard(product, strategy.fetch_for_product(product))
        for product in products
        if product is not None and product.is_public
    ]


def card_queryset():
    return for_cards(get_model("catalogue", "Product").objects.all())


def products_in_category(category, limit=MAX_GRID_PRODUCTS):
    """Public products in the category or below it, newest first, ready for cards."""
    Category = get_model("catalogue", "Category")
    in_category = (
        get_model("catalogue", "Product")
        .objects.browsable()
        .filter(categories__in=Category.get_tree(category).values("pk"))
        .values("pk")
    )
    return list(card_queryset().filter(pk__in=in_category).order_by("-date_created")[:limit])


def products_in_range(product_range, limit=MAX_GRID_PRODUCTS):
    in_range = product_range.all_products().filter(is_public=True).values("pk")
    return list(card_queryset().filter(pk__in=in_range).order_by("title")[:limit])
