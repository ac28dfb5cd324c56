from oscar.apps.customer.history import CustomerHistoryManager as CoreCustomerHistoryManager
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class CustomerHistoryManager(CoreCustomerHistoryManager):
    @classmethod
    def get(cls, request):
        """Recently viewed products with what their cards need, in a fixed number of queries."""
        ids = cls.extract(request)
        products = Product.objects.browsable().base_queryset().in_bulk(ids)
        return [products[product_id] for product_id in reversed(ids) if product_id in products]
