"""Admin choosers for Oscar's catalogue, so editors can pick products, categories and ranges
in StreamField blocks. Choosing needs only admin access; Oscar's data stays read-only."""

from oscar.core.loading import get_model
from wagtail.admin.viewsets.chooser import ChooserViewSet

from core.choosers import NameSearchForm, TitleSearchForm


class ProductSearchForm(TitleSearchForm):
    search_fields = ("title", "upc")


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = "Choose a product"
    choose_another_text = "Choose another product"
    filter_form_class = ProductSearchForm
    per_page = 20

    def get_object_list(self):
        # A parent product is never sold itself (its variants are).
        Product = get_model("catalogue", "Product")
        return Product.objects.filter(is_public=True).exclude(structure="parent").order_by("title")


class CategoryChooserViewSet(ChooserViewSet):
    model = "catalogue.Category"
    icon = "folder-open-inverse"
    choose_one_text = "Choose a shop category"
    choose_another_text = "Choose another category"
    filter_form_class = NameSearchForm

    def get_object_list(self):
        return get_model("catalogue", "Category").objects.filter(is_public=True).order_by("path")


class RangeChooserViewSet(ChooserViewSet):
    model = "offer.Range"
    icon = "list-ul"
    choose_one_text = "Choose a product range"
    choose_another_text = "Choose another range"
    filter_form_class = NameSearchForm

    def get_object_list(self):
        return get_model("offer", "Range").objects.filter(is_public=True).order_by("name")


product_chooser = ProductChooserViewSet("product_chooser", url_prefix="choosers/products")
category_chooser = CategoryChooserViewSet("shop_category_chooser", url_prefix="choosers/categories")
range_chooser = RangeChooserViewSet("range_chooser", url_prefix="choosers/ranges")
CHOOSERS = [product_chooser, category_chooser, range_chooser]
