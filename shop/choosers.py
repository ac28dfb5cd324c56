"""Admin choosers for Oscar's catalogue, so editors can pick products, categories and ranges
in StreamField blocks. Choosing needs only admin access; Oscar's data stays read-only."""

from django import forms
from django.db.models import Exists, F, OuterRef, Q
from oscar.core.loading import get_model
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from core.choosers import NameSearchForm, TitleSearchForm

from .catalogue.models import for_cards
from .pricing import default_strategy, price_of_product


def partners_of(user):
    """The partners (venues) a provider belongs to; None for staff and editors, who see all."""
    if user.is_superuser or user.is_staff:
        return None
    ids = list(
        get_model("partner", "Partner").objects.filter(users=user).values_list("pk", flat=True)
    )
    return ids or None


def in_stock():
    """Products a shopper can buy now: stock is not tracked, or a record has some free."""
    StockRecord = get_model("partner", "StockRecord")
    free = StockRecord.objects.filter(product=OuterRef("pk")).filter(
        Q(product__product_class__track_stock=False)
        | Q(num_in_stock__gt=F("num_allocated"))
        | Q(num_in_stock__gt=0, num_allocated__isnull=True)
    )
    return Exists(free)


class ProductSearchForm(TitleSearchForm):
    """Name or product code, the venue or seller, the shop category and whether it can be
    bought now."""

    search_fields = ("title", "upc")
    seller = forms.ModelChoiceField(
        queryset=get_model("partner", "Partner").objects.order_by("name"),
        required=False,
        label="Venue or seller",
        empty_label="Any venue or seller",
    )
    category = forms.ModelChoiceField(
        queryset=get_model("catalogue", "Category").objects.order_by("path"),
        required=False,
        label="Shop category",
        empty_label="Any category",
    )
    availability = forms.ChoiceField(
        choices=[
            ("", "Available or not"),
            ("available", "Available now"),
            ("unavailable", "Sold out"),
        ],
        required=False,
        label="Availability",
    )

    def __init__(self, *args, partner_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner_ids is not None:
            self.fields["seller"].queryset = self.fields["seller"].queryset.filter(
                pk__in=partner_ids
            )
        # Sub-categories indented under their parents.
        self.fields["category"].label_from_instance = lambda c: "— " * (c.depth - 1) + c.name

    def filter(self, objects):
        objects = super().filter(objects)
        data = self.cleaned_data
        if data.get("seller"):
            objects = objects.filter(stockrecords__partner=data["seller"])
        if data.get("category"):
            Category = get_model("catalogue", "Category")
            objects = objects.filter(categories__in=Category.get_tree(data["category"]))
        if data.get("availability") == "available":
            objects = objects.filter(in_stock())
        elif data.get("availability") == "unavailable":
            objects = objects.exclude(in_stock())
        return objects.distinct()


def describe(product, strategy=None):
    """ "Balayage · Salon Rosa · £45.00": the same title at two venues tells itself apart."""
    parts = [product.get_title()]
    sellers = sorted({record.partner.name for record in product.stockrecords.all()})
    if sellers:
        parts.append(", ".join(sellers))
    price = price_of_product(product, strategy)
    if price:
        parts.append(price.display)
    return " · ".join(parts)


class ThumbnailColumn(Column):
    cell_template_name = "shop/admin/chooser_thumbnail_cell.html"

    def get_value(self, instance):
        images = list(instance.images.all())
        return min(images, key=lambda image: image.display_order) if images else None


def chooser_products(user):
    """Public products that are sold themselves (a parent product is sold through its
    variants), with what a row needs; a provider gets only what their own venue sells."""
    Product = get_model("catalogue", "Product")
    products = for_cards(Product.objects.filter(is_public=True).exclude(structure="parent"))
    partner_ids = partners_of(user)
    if partner_ids is not None:
        products = products.filter(stockrecords__partner__in=partner_ids).distinct()
    return products


class ProductColumnsMixin:
    per_page = 20
    filter_form_class = ProductSearchForm

    def get_object_list(self):
        return chooser_products(self.request.user).prefetch_related("categories").order_by("title")

    def get_filter_form(self):
        return self.filter_form_class(self.request.GET, partner_ids=partners_of(self.request.user))

    @property
    def columns(self):
        strategy = default_strategy(self.request)

        def price(product):
            shown = price_of_product(product, strategy)
            return shown.display if shown else "No price"

        def seller(product):
            return ", ".join(sorted({r.partner.name for r in product.stockrecords.all()})) or "—"

        def category(product):
            return ", ".join(c.name for c in product.categories.all()) or "—"

        return [
            ThumbnailColumn("image", label="Picture", width="64px"),
            self.title_column,
            Column("seller", label="Venue or seller", accessor=seller),
            Column("category", label="Category", accessor=category),
            Column("price", label="Price", accessor=price),
        ]


class ProductChooseView(ProductColumnsMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductColumnsMixin, ChooseResultsView):
    pass


class ProductChosenView(ChosenView):
    def get_object(self, pk):
        return chooser_products(self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        return describe(instance, default_strategy(self.request))


class ProductChooserWidget(BaseChooser):
    def get_display_title(self, instance):
        return describe(instance)


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = "Choose a product"
    choose_another_text = "Choose another product"
    filter_form_class = ProductSearchForm
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    chosen_view_class = ProductChosenView
    base_widget_class = ProductChooserWidget


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
    choose_one_text = "Choose a product collection"
    choose_another_text = "Choose another collection"
    filter_form_class = NameSearchForm

    def get_object_list(self):
        return get_model("offer", "Range").objects.filter(is_public=True).order_by("name")


product_chooser = ProductChooserViewSet("product_chooser", url_prefix="choosers/products")
category_chooser = CategoryChooserViewSet("shop_category_chooser", url_prefix="choosers/categories")
range_chooser = RangeChooserViewSet("range_chooser", url_prefix="choosers/ranges")
CHOOSERS = [product_chooser, category_chooser, range_chooser]
