from oscar.apps.catalogue.views import *  # noqa: F403
from oscar.apps.catalogue.views import ProductDetailView as CoreProductDetailView
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class ProductDetailView(CoreProductDetailView):
    def get_queryset(self):
        # Stock, images and options prefetched: pricing and the gallery reuse them.
        return Product.objects.base_queryset()

    def get_context_data(self, **kwargs):
        from venues.bookings.picker import product_picker
        from venues.services import VENUE_SERVICE_CLASS

        context = super().get_context_data(**kwargs)
        if self.object.get_product_class().slug == VENUE_SERVICE_CLASS:
            # Services are booked by picking a time, not added to the basket as they are.
            context["booking_picker"] = product_picker(self.object, self.request.GET)
        return context
