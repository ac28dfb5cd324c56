from django.conf import settings
from oscar.apps.catalogue.views import *  # noqa: F403
from oscar.apps.catalogue.views import ProductDetailView as CoreProductDetailView
from oscar.core.loading import get_model

from core import page_cache
from shop import lines
from shop.seo import product_category_trail

Product = get_model("catalogue", "Product")


class ProductDetailView(CoreProductDetailView):
    def get_queryset(self):
        # Stock, images and options prefetched: pricing and the gallery reuse them.
        return Product.objects.base_queryset()

    def get(self, request, *args, **kwargs):
        # The page lists the visitor's recently viewed products from this cookie (and sets it).
        page_cache.mark_cacheable(request, own_cookies=[settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Loaded once for the breadcrumbs and their JSON-LD.
        context["category_trail"] = product_category_trail(self.object)
        # The recently viewed list leaves this product out: it need not be loaded again.
        self.request.product_on_page_id = self.object.pk
        # Line handlers add what the page offers besides the basket form (a time picker).
        context.update(lines.product_page_context(self.object, self.request))
        return context
