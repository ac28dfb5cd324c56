from oscar.apps.catalogue.views import *  # noqa: F403
from oscar.apps.catalogue.views import ProductDetailView as CoreProductDetailView
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class ProductDetailView(CoreProductDetailView):
    def get_queryset(self):
        # Stock, images and options prefetched: pricing and the gallery reuse them.
        return Product.objects.base_queryset()
