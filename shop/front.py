"""The shop's front page (/shop/): categories, featured and new products, the current campaign,
and the way to the venues' services.

The shop imports no app that runs campaigns: such an app registers a provider of the current
campaign (`register_campaign_provider`, from its `AppConfig.ready()`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from oscar.core.loading import get_model

from shop import lines
from shop.products import card_queryset

FRONT_CATEGORIES = 8
FRONT_PRODUCTS = 8


@dataclass(frozen=True)
class Campaign:
    title: str
    url: str
    summary: str = ""


_campaign_providers: list[Callable[[], Campaign | None]] = []


def register_campaign_provider(provider: Callable[[], Campaign | None]) -> None:
    if provider not in _campaign_providers:
        _campaign_providers.append(provider)


def current_campaign() -> Campaign | None:
    for provider in _campaign_providers:
        campaign = provider()
        if campaign is not None:
            return campaign
    return None


def top_categories(limit=FRONT_CATEGORIES):
    Category = get_model("catalogue", "Category")
    return list(Category.get_root_nodes().filter(is_public=True).order_by("path")[:limit])


def goods(products):
    """Products put in the basket as they are: bookable services have their own path."""
    needing_choice = lines.products_needing_choice()
    return products.exclude(needing_choice) if needing_choice is not None else products


def services(products):
    needing_choice = lines.products_needing_choice()
    return products.filter(needing_choice) if needing_choice is not None else products.none()


def browsable_cards():
    Product = get_model("catalogue", "Product")
    return card_queryset().filter(pk__in=Product.objects.browsable().values("pk"))


def new_products(limit=FRONT_PRODUCTS):
    return list(goods(browsable_cards()).order_by("-date_created")[:limit])


def services_by_seller():
    """Every public service with what its card needs, grouped under the partner (the venue)
    selling it: [(seller name, [products])], sellers by name."""
    groups = {}
    for product in services(browsable_cards()).order_by("title"):
        records = list(product.stockrecords.all())
        seller = records[0].partner.name if records else ""
        groups.setdefault(seller, []).append(product)
    return sorted(groups.items())


def featured_products(limit=FRONT_PRODUCTS):
    """The public products of the range named by SHOP_FEATURED_RANGE, if it exists."""
    Range = get_model("offer", "Range")
    featured = Range.objects.filter(slug=settings.SHOP_FEATURED_RANGE, is_public=True).first()
    if featured is None:
        return []
    in_range = featured.all_products().filter(is_public=True).values("pk")
    return list(goods(card_queryset().filter(pk__in=in_range)).order_by("title")[:limit])
