"""Shoppable StreamField blocks: Oscar products with live price and stock. Registered into the
shared streams by ShopConfig.ready()."""

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


class ProductGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    products = blocks.ListBlock(
        # Optional rows: an editor choosing a category may leave the first empty row alone.
        ProductChooserBlock(required=False),
        required=False,
        max_num=12,
        help_text="Chosen products, in this order…",
    )
    category = ShopCategoryChooserBlock(
        required=False, help_text="…or the newest products of a shop category…"
    )
    product_range = RangeChooserBlock(
        required=False, label="Range", help_text="…or the products of an Oscar range."
    )
    limit = blocks.IntegerBlock(
        min_value=1,
        max_value=12,
        default=6,
        help_text="Most products shown from a category or range.",
    )

    class Meta:
        icon = "grid"
        template = "blocks/product_grid_block.html"
        description = "A grid of products with live prices and add-to-basket buttons."

    def get_preview_value(self):
        return self.to_python(
            {"heading": "Our picks", "products": [p.pk for p in sample_products(3)]}
        )

    def clean(self, value):
        value = super().clean(value)
        chosen = [product for product in value.get("products") or [] if product is not None]
        sources = [bool(chosen), bool(value.get("category")), bool(value.get("product_range"))]
        if sum(sources) != 1:
            raise blocks.StructBlockValidationError(
                block_errors={"products": "Choose products, or a category, or a range (just one)."}
            )
        return value

    def get_context(self, value, parent_context=None):
        from .products import product_cards, products_in_category, products_in_range

        context = super().get_context(value, parent_context)
        if value.get("category"):
            products = products_in_category(value["category"], value["limit"])
        elif value.get("product_range"):
            products = products_in_range(value["product_range"], value["limit"])
        else:
            products = list(value.get("products") or [])
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
