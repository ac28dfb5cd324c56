"""Search views: the site search page, its JSON API and suggestions, and Oscar's catalogue.

Every view asks the configured engine (search.engines.get_engine); none queries documents
itself. Our app is Oscar's search fork, so Oscar's catalogue and category URLs land here too.
"""

import logging
from functools import cache
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import EmptyPage, InvalidPage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model

from core import page_cache
from safe_input.middleware import answers_json

from . import analytics
from .answers import InvalidSearch, search_answer, suggest_answer
from .engines import get_engine
from .engines.base import SearchUnavailable
from .forms import MAX_QUERY_LENGTH, CatalogueSortForm, ClickForm, SearchParamsForm
from .presentation import (
    decorate_hits,
    did_you_mean_url,
    facet_groups,
    map_points,
    paginate,
    sort_links,
)

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
LEAFLET_SCRIPT = "venues/vendor/leaflet/leaflet.js"


@cache
def leaflet_available():
    """The map is an enhancement: shown only when the venues' vendored Leaflet is installed."""
    return bool(finders.find(LEAFLET_SCRIPT))


UNAVAILABLE_MESSAGE = "Search is unavailable right now. Please try again in a minute."


def bad_request(errors):
    return JsonResponse({"error": "Invalid parameters", "errors": errors}, status=400)


def unavailable(error):
    logger.warning("search: engine unavailable: %s", error)
    return JsonResponse({"error": UNAVAILABLE_MESSAGE}, status=503)


@answers_json
@require_GET
def search_api(request):
    try:
        return JsonResponse(search_answer(request.GET))
    except InvalidSearch as error:
        return bad_request(error.errors)
    except SearchUnavailable as error:
        return unavailable(error)


@answers_json
@require_GET
def suggest(request):
    """The search box's suggestions (search.answers.suggest_answer)."""
    try:
        return JsonResponse(suggest_answer(request.GET.get("q", "")))
    except InvalidSearch as error:
        return bad_request(error.errors)
    except SearchUnavailable as error:
        return unavailable(error)


@answers_json
@csrf_exempt  # a beacon: no form, no cookie needed, and it changes nothing but a count
@require_POST
def record_click(request):
    """A result opened from the search page (sent with navigator.sendBeacon): 204 always for
    valid input, so a failed record never shows; 400 for input that cannot be one."""
    form = ClickForm(request.POST)
    if not form.is_valid():
        return bad_request(form.errors.get_json_data())
    analytics.record_click(**form.cleaned_data)
    return HttpResponse(status=204)


class SearchPageView(TemplateView):
    """/search/: works without JavaScript; invalid parameters are dropped with a notice."""

    template_name = "search/search.html"
    facet_order = ("kind", "open_now", "category", "city", "price", "rating", "tag")

    def get(self, request, *args, **kwargs):
        form = SearchParamsForm(request.GET)
        form.is_valid()
        notices = [f"Ignored {name}: {message}" for name, message in form.error_summary().items()]
        query = form.to_query()
        if "q" in form.errors:
            text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
            query.text = " ".join(text.split())
        try:
            results = self.results(query, notices)
        except SearchUnavailable as error:
            logger.warning("search: engine unavailable: %s", error)
            context = self.get_context_data(form=form, query=query, unavailable=True)
            return self.render_to_response(context, status=503)
        paginator, page = paginate(results)
        params = request.GET.copy()
        context = self.get_context_data(
            form=form,
            query=query,
            results=results,
            search_record=self.record(query, results),
            did_you_mean_url=did_you_mean_url(params, results.did_you_mean),
            hits=decorate_hits(results.hits, query.offset),
            notices=notices,
            facet_groups=facet_groups(results.facets, params, self.facet_order),
            sort_links=sort_links(params, self.sort_choices(query), query.effective_sort()),
            paginator=paginator,
            page_obj=page,
            map_points=map_points(results.hits),
            leaflet_available=leaflet_available(),
            leaflet_script=LEAFLET_SCRIPT,
            map_tile_url=getattr(settings, "MAP_TILE_URL", ""),
            map_tile_attribution=getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        )
        return self.render_to_response(context)

    @staticmethod
    def record(query, results):
        """The first page of a text search is a search in the analytics; further pages and
        browsing without text are not."""
        if not query.text or query.page != 1:
            return None
        return analytics.record_search(query.text, settings.SEARCH_ENGINE, results.total)

    @staticmethod
    def results(query, notices):
        engine = get_engine()
        results = engine.search(query)
        if query.page > results.num_pages:
            if results.total:
                notices.append(f"There are only {results.num_pages} pages: showing the last.")
            query.page = results.num_pages
            results = engine.search(query)
        return results

    @staticmethod
    def sort_choices(query):
        choices = SearchParamsForm.base_fields["sort"].choices
        return [
            (value, label)
            for value, label in choices
            if (value != "distance" or query.has_point) and (value != "relevance" or query.text)
        ]


class FacetedSearchView(View):
    """Oscar's /shop/search/ is now the site search, narrowed to products."""

    def get(self, request, *args, **kwargs):
        params = {"kind": "product"}
        if request.GET.get("q"):
            params["q"] = request.GET["q"][:MAX_QUERY_LENGTH]
        return redirect(f"/search/?{urlencode(params)}")


class CatalogueView(TemplateView):
    """Oscar's catalogue, browsed through the search engine with facets (products only)."""

    template_name = "search/catalogue/browse.html"
    summary = "All products"
    page_size = 24
    facet_order = ("category", "price", "rating")

    def get(self, request, *args, **kwargs):
        page_cache.mark_cacheable(request)
        self.sort_form = CatalogueSortForm(request.GET or None)
        form = SearchParamsForm(
            request.GET, fixed_kinds=["product"], default_page_size=self.page_size
        )
        if not form.is_valid() and "page" in form.errors:
            raise Http404("No such page")
        query = form.to_query(sort=self.sort_form.engine_sort(), page_size=self.page_size)
        self.narrow(query)
        try:
            results = get_engine().search(query)
        except SearchUnavailable as error:
            logger.warning("search: engine unavailable: %s", error)
            context = self.get_context_data(summary=self.summary, unavailable=True, **kwargs)
            return self.render_to_response(context, status=503)
        try:
            paginator, page = paginate(results)
        except (EmptyPage, InvalidPage) as error:
            raise Http404("No such page") from error
        context = self.get_context_data(
            products=self.products_for(results.hits),
            results=results,
            paginator=paginator,
            page_obj=page,
            is_paginated=paginator.num_pages > 1,
            sort_form=self.sort_form,
            summary=self.summary,
            facet_groups=facet_groups(results.facets, request.GET.copy(), self.facet_order),
            hidden_params=[
                (name, value)
                for name, values in request.GET.lists()
                if name not in ("sort_by", "page")
                for value in values
            ],
            **kwargs,
        )
        return self.render_to_response(context)

    def narrow(self, query):
        """Further restrict the query (a category page keeps to its category).

        The catalogue's own listing is the shop's goods: venues' services have their own browse
        path (/shop/services/, grouped by venue) and their venue pages."""
        query.venue_services = False

    @staticmethod
    def products_for(hits):
        """The Product of each hit, in the engine's order, loaded in one go for the cards."""
        ids = [hit.object_id for hit in hits]
        products = Product.objects.base_queryset().in_bulk(ids)
        return [products[pk] for pk in ids if pk in products]


class ProductCategoryView(CatalogueView):
    template_name = "search/catalogue/category.html"
    facet_order = ("price", "rating")

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404("No such category")
        # Categories are found by id so renamed slugs still resolve, then redirect.
        if unquote(request.path) != unquote(self.category.get_absolute_url()):
            return redirect(self.category.get_absolute_url(), permanent=True)
        self.summary = self.category.name
        # Loaded once for the breadcrumbs and their JSON-LD.
        trail = self.category.get_ancestors_and_self()
        return super().get(request, *args, category=self.category, category_trail=trail, **kwargs)

    def narrow(self, query):
        # Documents list each product's categories with their ancestors as full names.
        query.categories = [self.category.full_name]
