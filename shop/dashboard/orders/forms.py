from oscar.apps.dashboard.orders.forms import OrderSearchForm

# Search fields about lines, and the lookups that apply them to a provider's own lines.
LINE_CRITERIA = {
    "product_title": "title__istartswith",
    "upc": "upc",
    "partner_sku": "partner_sku",
    "status": "status",
}
# Whole-order facts a provider may not see, so may not search by either.
ORDER_WIDE_FIELDS = ("voucher", "payment_method")


class ProviderOrderSearchForm(OrderSearchForm):
    """A venue provider's order search: line criteria match only their own lines.

    Oscar's list view applies line criteria to every line of an order, which would let a
    provider find out what else an order holds; so they are taken out of `cleaned_data` and
    kept in `own_line_search` for the view to apply to the provider's lines.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ORDER_WIDE_FIELDS:
            del self.fields[name]
        self.own_line_search = {}

    def clean(self):
        data = super().clean()
        self.own_line_search = {field: data[field] for field in LINE_CRITERIA if data.get(field)}
        # Oscar's view reads every field; blank ones leave its queryset alone.
        data.update(dict.fromkeys([*LINE_CRITERIA, *ORDER_WIDE_FIELDS], ""))
        return data

    def own_line_filters(self):
        return {LINE_CRITERIA[field]: value for field, value in self.own_line_search.items()}

    def own_line_descriptions(self):
        return [
            f'{self.fields[field].label}: "{value}"'
            for field, value in self.own_line_search.items()
        ]
