"""Catalogue browsing straight from the database.

Oscar browses through Haystack, whose simple backend cannot list a catalogue; these views
page through public products with the related rows each card needs prefetched.
"""

from urllib.parse import unquote

from django.db.models import Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import ListView
from oscar.core.loading import get_model

from search.forms import CatalogueSortForm

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


class CatalogueView(ListView):
    template_name = "search/catalogue/browse.html"
    context_object_name = "products"
    paginate_by = 24
    summary = "All products"

    def get(self, request, *args, **kwargs):
        self.sort_form = CatalogueSortForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_products(self):
        return Product.objects.browsable()

    def get_queryset(self):
        return (
            self.get_products()
            .base_queryset()
            .annotate(min_price=Min("stockrecords__price"))
            .order_by(*self.sort_form.ordering())
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(sort_form=self.sort_form, summary=self.summary, **kwargs)


class ProductCategoryView(CatalogueView):
    template_name = "search/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404("No such category")
        # Categories are found by id so renamed slugs still resolve, then redirect.
        if unquote(request.path) != unquote(self.category.get_absolute_url()):
            return redirect(self.category.get_absolute_url(), permanent=True)
        self.summary = self.category.name
        return super().get(request, *args, **kwargs)

    def get_products(self):
        categories = self.category.get_descendants_and_self()
        return Product.objects.browsable().filter(categories__in=categories).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)
