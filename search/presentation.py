"""What the HTML pages need beyond the results: facet links, sort links, pagination, the map."""

from dataclasses import dataclass
from functools import cache

from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import select_template

from shop.money import format_money

from .query import PRICE_BUCKETS, SUGGESTION_GROUPS, price_bucket_value

FACET_TITLES = {
    "kind": "Type",
    "category": "Category",
    "tag": "Tags",
    "city": "City",
    "price": "Price",
    "rating": "Rating",
    "open_now": "Opening",
}
RESET_ON_CHANGE = ("page",)


@dataclass
class FacetLink:
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class FacetGroup:
    name: str
    title: str
    links: list[FacetLink]


def _with(params, **changes):
    query = params.copy()
    for name in RESET_ON_CHANGE:
        query.pop(name, None)
    for name, value in changes.items():
        query.pop(name, None)
        if isinstance(value, list):
            query.setlist(name, value)
        elif value is not None:
            query[name] = value
    return f"?{query.urlencode()}" if query else "?"


def _toggle_url(params, name, facet_value):
    if name in ("kind", "category", "tag", "city"):
        values = params.getlist(name)
        if facet_value.selected:
            values = [value for value in values if value != facet_value.value]
        else:
            values = [*values, facet_value.value]
        return _with(params, **{name: values})
    if name == "price":
        if facet_value.selected:
            return _with(params, price_min=None, price_max=None)
        bounds = {price_bucket_value(low, high): (low, high) for low, high in PRICE_BUCKETS}
        low, high = bounds[facet_value.value]
        return _with(
            params,
            price_min=None if low is None else str(low),
            price_max=None if high is None else str(high),
        )
    if name == "rating":
        return _with(params, rating_min=None if facet_value.selected else facet_value.value)
    return _with(params, open_now=None if facet_value.selected else "1")


def facet_groups(facets, params, names=None):
    """Sidebar groups: every value with a count (or selected), each linking to its toggle."""
    params = params if isinstance(params, QueryDict) else QueryDict(mutable=True)
    groups = []
    for name in names or facets:
        links = [
            FacetLink(value.label, value.count, value.selected, _toggle_url(params, name, value))
            for value in facets.get(name, [])
            if value.count or value.selected
        ]
        if links:
            groups.append(FacetGroup(name, FACET_TITLES.get(name, name.title()), links))
    return groups


def sort_links(params, choices, current):
    return [
        {
            "value": value,
            "label": label,
            "selected": value == current,
            "url": _with(params, sort=value),
        }
        for value, label in choices
    ]


class ResultList:
    """The current page of engine hits, shaped for Django's Paginator (count + slicing)."""

    def __init__(self, results):
        self.results = results

    def count(self):
        return self.results.total

    def __len__(self):
        return self.results.total

    def __getitem__(self, item):
        return self.results.hits


def paginate(results):
    """(paginator, page): raises EmptyPage for a page past the end."""
    paginator = Paginator(ResultList(results), results.page_size)
    return paginator, paginator.page(results.page)


def map_points(hits):
    """Venue hits with a location, for the results map (read by static/search/search.js)."""
    return [
        {"title": hit.title, "url": hit.url, "lat": hit.lat, "lon": hit.lon, "city": hit.city}
        for hit in hits
        if hit.kind == "venue" and hit.lat is not None and hit.lon is not None
    ]


@cache
def card_template(kind):
    """A kind's own card (search/cards/<kind>.html) when there is one, else the default."""
    return select_template([f"search/cards/{kind}.html", "search/cards/default.html"]).template.name


# kind -> callables given a page's hits of that kind, which set what their cards show more
# (bookings: a venue's next free time). Registered from the owning app's AppConfig.ready():
# search imports none of the apps whose objects it finds.
_hit_decorators: dict[str, list] = {}


def register_hit_decorator(kind, decorator) -> None:
    decorators = _hit_decorators.setdefault(kind, [])
    if decorator not in decorators:
        decorators.append(decorator)


def decorate_hits(hits, offset=0):
    """What the cards show beyond the hit: label, template, and the position clicks report,
    and what other apps add to hits of their kinds (for the whole page at once)."""
    by_kind = {}
    for position, hit in enumerate(hits, offset + 1):
        hit.kind_label = hit.kind.replace("_", " ").capitalize()
        hit.card_template = card_template(hit.kind)
        hit.position = position
        by_kind.setdefault(hit.kind, []).append(hit)
    for kind, kind_hits in by_kind.items():
        for decorator in _hit_decorators.get(kind, ()):
            decorator(kind_hits)
    return hits


def did_you_mean_url(params, correction):
    """The same search with the corrected text, from its first page (or "")."""
    return _with(params, q=correction) if correction else ""


def suggestion_payload(prefix, suggestions, correction=""):
    """The suggest endpoint's answer: options in their groups' order, one per URL, each with
    what its option shows, plus the groups' labels and a spelling correction."""
    labels = {name: label for name, label, _kinds in SUGGESTION_GROUPS}
    seen, options = set(), []
    for suggestion in suggestions:
        if suggestion.url in seen:
            continue
        seen.add(suggestion.url)
        options.append(
            {
                "id": suggestion.key,
                "kind": suggestion.kind,
                "group": suggestion.group,
                "title": suggestion.title,
                "url": suggestion.url,
                "image": suggestion.image,
                "price": None if suggestion.price is None else str(suggestion.price),
                "price_display": format_money(suggestion.price),
                "city": suggestion.city,
                "venue": suggestion.venue,
                "available": suggestion.available,
            }
        )
    present = list(dict.fromkeys(option["group"] for option in options))
    return {
        "q": prefix,
        "suggestions": options,
        "groups": [{"name": name, "label": labels[name]} for name in present],
        "did_you_mean": correction or None,
    }
