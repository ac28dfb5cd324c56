from django.apps import AppConfig


class ShopConfig(AppConfig):
    """Our shop code (Oscar forks live in sub-packages; the Oscar root config is `shop.config`)."""

    name = "shop"
    verbose_name = "Shop"

    def ready(self):
        from core import navigation, seo
        from core.block_registry import CONTENT, NEWSLETTER, block_registry

        from . import blocks, checks  # noqa: F401 (checks registers the system checks)
        from .seo import category_seo, is_category, is_product, product_seo

        for stream in (CONTENT, NEWSLETTER):
            block_registry.register(stream, "product_card", blocks.ProductCardBlock, position=10)
            block_registry.register(stream, "product_grid", blocks.ProductGridBlock, position=11)
        block_registry.register(
            CONTENT, "featured_products", blocks.FeaturedProductsBlock, position=12
        )
        navigation.add_menu_link(
            navigation.MenuLink("Shop", "shop-front", rank=20, active_namespaces=("catalogue",))
        )
        seo.register_context_seo("product", is_product, product_seo)
        seo.register_context_seo("category", is_category, category_seo)
