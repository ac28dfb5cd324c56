"""Admin choosers for Oscar's catalogue, so editors can pick products, categories, ranges and
vouchers in StreamField blocks. Choosing needs only admin access; Oscar's data stays read-only."""

from django import forms
from django.db.models import Q
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.viewsets.chooser import ChooserViewSet


class TitleSearchForm(BaseFilterForm):
    """Oscar's models are not in Wagtail's search index: match the title (or code) in SQL."""

    q = forms.CharField(
        label="Search term",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
    )
    search_fields = ("title",)

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


class ProductSearchForm(TitleSearchForm):
    search_fields = ("title", "upc")


class NameSearchForm(TitleSearchForm):
    search_fields = ("name",)


class VoucherSearchForm(TitleSearchForm):
    search_fields = ("name", "code")


def oscar_model(app_label, model_name):
    from oscar.core.loading import get_model

    return get_model(app_label, model_name)


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = "Choose a product"
    choose_another_text = "Choose another product"
    filter_form_class = ProductSearchForm
    per_page = 20

    def get_object_list(self):
        # A parent product is never sold itself (its variants are).
        Product = oscar_model("catalogue", "Product")
        return Product.objects.filter(is_public=True).exclude(structure="parent").order_by("title")


class CategoryChooserViewSet(ChooserViewSet):
    model = "catalogue.Category"
    icon = "folder-open-inverse"
    choose_one_text = "Choose a shop category"
    choose_another_text = "Choose another category"
    filter_form_class = NameSearchForm

    def get_object_list(self):
        return oscar_model("catalogue", "Category").objects.filter(is_public=True).order_by("path")


class RangeChooserViewSet(ChooserViewSet):
    model = "offer.Range"
    icon = "list-ul"
    choose_one_text = "Choose a product range"
    choose_another_text = "Choose another range"
    filter_form_class = NameSearchForm

    def get_object_list(self):
        return oscar_model("offer", "Range").objects.filter(is_public=True).order_by("name")


class VoucherChooserViewSet(ChooserViewSet):
    model = "voucher.Voucher"
    icon = "key"
    choose_one_text = "Choose a voucher"
    choose_another_text = "Choose another voucher"
    filter_form_class = VoucherSearchForm

    def get_object_list(self):
        return oscar_model("voucher", "Voucher").objects.order_by("-start_datetime")


product_chooser = ProductChooserViewSet("product_chooser", url_prefix="choosers/products")
category_chooser = CategoryChooserViewSet("shop_category_chooser", url_prefix="choosers/categories")
range_chooser = RangeChooserViewSet("range_chooser", url_prefix="choosers/ranges")
voucher_chooser = VoucherChooserViewSet("voucher_chooser", url_prefix="choosers/vouchers")
CHOOSERS = [product_chooser, category_chooser, range_chooser, voucher_chooser]
