"""What a search asks for and what it answers, independent of the engine."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from shop.money import format_money

SORTS = ("relevance", "price", "-price", "rating", "newest", "distance")
# Price buckets: [low, high) in the shop currency; None is open-ended.
PRICE_BUCKETS = ((None, 10), (10, 25), (25, 50), (50, 100), (100, None))
RATING_BUCKETS = (4, 3)
TERM_FACET_SIZE = 20
EARTH_RADIUS_KM = 6371.0088
# Things a shopper can book or buy rank before editorial content of the same match quality.
COMMERCE_KINDS = ("venue", "product")
# How well a document matches the text, best first (the first key of the relevance order).
EXACT_TITLE, TITLE_MATCH, FIELD_MATCH, BODY_MATCH = 3, 2, 1, 0
# A query matching fewer documents than this as typed is offered a spelling correction.
FEW_RESULTS = 3
# Suggestion groups, in the order the search box lists them: (name, label, kinds).
SUGGESTION_GROUPS = (
    ("venues", "Venues", ("venue",)),
    ("shop", "Services & products", ("product",)),
    ("reading", "Pages & posts", ("post", "page")),
)


@dataclass
class SearchQuery:
    text: str = ""
    kinds: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    rating_min: float | None = None
    open_now: bool = False
    # Products sold by a venue (its services): True only those, False none of them, None both.
    venue_services: bool | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    # When open_now is asked: the moment it refers to (tests pin it).
    now: object = None

    @property
    def has_point(self):
        return self.lat is not None and self.lon is not None

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    def moment(self):
        """The instant "open now" refers to."""
        return self.now or timezone.now()

    def effective_sort(self):
        """Relevance needs text; without it the newest come first."""
        if self.sort == "relevance" and not self.text:
            return "newest"
        return self.sort


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    key: str
    kind: str
    object_id: int
    title: str
    url: str
    summary: str = ""
    image: str = ""
    price: Decimal | None = None
    rating: float | None = None
    review_count: int = 0
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    published_at: object = None
    distance_km: float | None = None
    highlight: str = ""
    available: bool = True
    venue: str = ""

    def as_json(self, with_distance):
        data = {
            "id": self.key,
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "image": self.image,
            "price": None if self.price is None else str(self.price),
            "rating": self.rating,
            "review_count": self.review_count,
            "city": self.city,
            "lat": self.lat,
            "lon": self.lon,
            "highlight": self.highlight,
            "available": self.available,
            "venue": self.venue,
        }
        if with_distance:
            data["distance_km"] = self.distance_km
        return data


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int = 1
    page_size: int = 20
    # A corrected query worth offering ("masage" -> "massage"), or "".
    did_you_mean: str = ""
    # True when the text as typed matched nothing and these are the corrected query's results.
    shows_correction: bool = False

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.page_size))


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lon, radius_km):
    """(min_lat, max_lat, min_lon, max_lon) around a point: a cheap, indexable first cut."""
    delta_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(lat))
    if cos_lat < 1e-6 or abs(lat) + delta_lat >= 90:
        return (max(-90.0, lat - delta_lat), min(90.0, lat + delta_lat), -180.0, 180.0)
    delta_lon = math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat))
    if delta_lon >= 180:
        return (lat - delta_lat, lat + delta_lat, -180.0, 180.0)
    return (lat - delta_lat, lat + delta_lat, lon - delta_lon, lon + delta_lon)


def attach_distances(hits, query):
    """Every engine reports the same great-circle distance, rounded to metres."""
    if not query.has_point:
        return
    for hit in hits:
        if hit.lat is not None and hit.lon is not None:
            hit.distance_km = round(haversine_km(query.lat, query.lon, hit.lat, hit.lon), 3)


def price_bucket_value(low, high):
    return f"{'' if low is None else low}-{'' if high is None else high}"


def price_bucket_label(low, high):
    """Bounds in the shop's currency, written like every other price; they bound the indexed
    price, which is the figure shoppers see (with or without tax, as the price policy says)."""
    if low is None:
        return f"Under {format_money(high)}"
    if high is None:
        return f"{format_money(low)} and over"
    return f"{format_money(low)}–{format_money(high)}"


def price_bucket_selected(query, low, high):
    def same(bound, selected):
        return (bound is None and selected is None) or (
            bound is not None and selected is not None and Decimal(bound) == selected
        )

    if query.price_min is None and query.price_max is None:
        return False
    low_selected = query.price_min if query.price_min else None
    return same(low, low_selected) and same(high, query.price_max)


@dataclass
class Suggestion:
    """One completion for the search box: enough to show it and open it."""

    key: str
    kind: str
    title: str
    url: str
    image: str = ""
    price: Decimal | None = None
    city: str = ""
    venue: str = ""
    available: bool = True

    @property
    def group(self):
        return suggestion_group(self.kind)


def suggestion_group(kind):
    """The name of the search box's group listing this kind (editorial kinds by default)."""
    for name, _label, kinds in SUGGESTION_GROUPS:
        if kind in kinds:
            return name
    return SUGGESTION_GROUPS[-1][0]


def group_kinds(name):
    """The registered kinds the search box lists in this group."""
    from .documents import registry

    return [kind for kind in registry.kinds() if suggestion_group(kind) == name]
