"""Shoppable StreamField blocks: Oscar products with live price and stock. Registered into the
shared streams by ShopConfig.ready()."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from wagtail import blocks


class ProductChooserBlock(blocks.ChooserBlock):
    """An Oscar product; loads every product of a page's blocks with what a card needs."""

    target_model = "catalogue.Product"

    @cached_property
    def widget(self):
        from .choosers import product_chooser

        return product_chooser.widget_class()

    def bulk_to_python(self, values):
        from .products import card_queryset

        found = card_queryset().in_bulk([value for value in values if value is not None])
        # A deleted product becomes None, which the templates skip.
        return [found.get(value) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    class Meta:
        icon = "tag"


class ShopCategoryChooserBlock(blocks.ChooserBlock):
    target_model = "catalogue.Category"

    @cached_property
    def widget(self):
        from .choosers import category_chooser

        return category_chooser.widget_class()

    class Meta:
        icon = "folder-open-inverse"


class RangeChooserBlock(blocks.ChooserBlock):
    target_model = "offer.Range"

    @cached_property
    def widget(self):
        from .choosers import range_chooser

        return range_chooser.widget_class()

    class Meta:
        icon = "list-ul"


class ProductCardBlock(blocks.StructBlock):
    product = ProductChooserBlock()
    note = blocks.CharBlock(
        max_length=200, required=False, help_text="Why you recommend it, in a sentence."
    )

    class Meta:
        icon = "tag"
        template = "blocks/product_card_block.html"
        description = "One product with its live price, stock and an add-to-basket button."

    def get_preview_value(self):
        products = sample_products(1)
        return self.to_python({"product": products[0].pk if products else None, "note": ""})

    def get_context(self, value, parent_context=None):
        from .products import product_cards

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        cards = product_cards([value["product"]], request)
        context["card"] = cards[0] if cards else None
        return context


class ProductGridSource(models.TextChoices):
    CHOSEN = "chosen", "Products I pick"
    CATEGORY = "category", "The newest products of a shop category"
    COLLECTION = "collection", "A product collection (set up in the shop dashboard)"


def infer_source(raw):
    """Grids saved before the choice existed: the one source that was filled in."""
    if raw.get("category"):
        return ProductGridSource.CATEGORY
    if raw.get("product_range"):
        return ProductGridSource.COLLECTION
    return ProductGridSource.CHOSEN


class ProductGridBlock(blocks.StructBlock):
    """A grid whose products come from one source the editor picks first; only that source's
    field is used (the others are kept but ignored, so switching back loses nothing)."""

    heading = blocks.CharBlock(max_length=120, required=False)
    source = blocks.ChoiceBlock(
        choices=ProductGridSource.choices,
        default=ProductGridSource.CHOSEN,
        label="Show",
        help_text="Where the grid's products come from. Fill in the matching field below.",
    )
    products = blocks.ListBlock(
        # Optional rows: an editor showing a category may leave the first empty row alone.
        ProductChooserBlock(required=False),
        required=False,
        max_num=12,
        label="Products I pick",
        help_text="For “Products I pick”: up to 12, shown in this order.",
    )
    category = ShopCategoryChooserBlock(
        required=False,
        label="Shop category",
        help_text="For “The newest products of a shop category” (its sub-categories included).",
    )
    product_range = RangeChooserBlock(
        required=False,
        label="Product collection",
        help_text="For “A product collection”: a hand-made list such as a sale, kept in the "
        "shop dashboard under Offers → Ranges.",
    )
    limit = blocks.IntegerBlock(
        min_value=1,
        max_value=12,
        default=6,
        label="How many",
        help_text="Most products shown from a category or collection.",
    )

    class Meta:
        icon = "grid"
        template = "blocks/product_grid_block.html"
        description = "A grid of products with live prices and add-to-basket buttons."

    def to_python(self, value):
        return super().to_python(self.with_source(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self.with_source(value) for value in values])

    @staticmethod
    def with_source(raw):
        if isinstance(raw, dict) and not raw.get("source"):
            return {**raw, "source": infer_source(raw)}
        return raw

    def get_preview_value(self):
        return self.to_python(
            {
                "heading": "Our picks",
                "source": ProductGridSource.CHOSEN,
                "products": [p.pk for p in sample_products(3)],
            }
        )

    def clean(self, value):
        value = super().clean(value)
        source = value.get("source") or ProductGridSource.CHOSEN
        missing = {
            ProductGridSource.CHOSEN: (
                "products",
                not [product for product in value.get("products") or [] if product is not None],
                "Pick at least one product, or choose another source under “Show”.",
            ),
            ProductGridSource.CATEGORY: (
                "category",
                not value.get("category"),
                "Choose the shop category to show.",
            ),
            ProductGridSource.COLLECTION: (
                "product_range",
                not value.get("product_range"),
                "Choose the product collection to show.",
            ),
        }[source]
        name, is_missing, message = missing
        if is_missing:
            raise blocks.StructBlockValidationError(block_errors={name: ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        from .products import product_cards, products_in_category, products_in_range

        context = super().get_context(value, parent_context)
        source = value.get("source") or infer_source(value)
        if source == ProductGridSource.CATEGORY and value.get("category"):
            products = products_in_category(value["category"], value["limit"])
        elif source == ProductGridSource.COLLECTION and value.get("product_range"):
            products = products_in_range(value["product_range"], value["limit"])
        elif source == ProductGridSource.CHOSEN:
            products = list(value.get("products") or [])
        else:
            products = []
        context["cards"] = product_cards(products, (parent_context or {}).get("request"))
        return context


def sample_products(count):
    """A few public products, for the block previews in the admin's block picker."""
    from .products import card_queryset

    return list(card_queryset().filter(is_public=True, parent=None).order_by("pk")[:count])


class FeaturedProductsBlock(blocks.StructBlock):
    """Products for a home page, filled in automatically when nobody chose any: the featured
    range (SHOP_FEATURED_RANGE), else the newest products."""

    heading = blocks.CharBlock(max_length=120, required=False)
    products = blocks.ListBlock(
        ProductChooserBlock(required=False), required=False, max_num=12, label="Chosen products"
    )
    limit = blocks.IntegerBlock(min_value=1, max_value=12, default=4)

    class Meta:
        icon = "tag"
        template = "blocks/product_grid_block.html"
        description = "Chosen products, or the featured range, or the newest products."

    def get_preview_value(self):
        return self.to_python({"heading": "Featured", "limit": 3})

    def get_context(self, value, parent_context=None):
        from .front import featured_products, new_products
        from .products import product_cards

        context = super().get_context(value, parent_context)
        limit = value["limit"]
        chosen = [product for product in value.get("products") or [] if product is not None]
        products = chosen[:limit] or featured_products(limit) or new_products(limit)
        context["cards"] = product_cards(products, (parent_context or {}).get("request"))
        return context
