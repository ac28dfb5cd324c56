"""Facet names, labels and selection state, shared by every engine.

Engines count; this module turns counts into what the page and the API show. Counts follow
Elasticsearch's FacetedSearch: a facet's counts apply every other facet's selection, not its own.
"""

from .documents import registry
from .query import (
    PRICE_BUCKETS,
    RATING_BUCKETS,
    TERM_FACET_SIZE,
    FacetValue,
    price_bucket_label,
    price_bucket_selected,
    price_bucket_value,
)

TERM_FACETS = {"kind": "kinds", "category": "categories", "tag": "tags", "city": "cities"}
FACET_NAMES = (*TERM_FACETS, "price", "rating", "open_now")


def is_selected(name, query):
    if name in TERM_FACETS:
        return bool(getattr(query, TERM_FACETS[name]))
    if name == "price":
        return query.price_min is not None or query.price_max is not None
    if name == "rating":
        return query.rating_min is not None
    return query.open_now


def _term_values(name, query, counts):
    selected = set(getattr(query, TERM_FACETS[name]))
    label = registry.label if name == "kind" else str
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TERM_FACET_SIZE]
    values = [FacetValue(value, label(value), count, value in selected) for value, count in ranked]
    # A selection with no hits left stays visible so it can be unticked.
    shown = {value.value for value in values}
    values += [FacetValue(value, label(value), 0, True) for value in sorted(selected - shown)]
    return values


def _price_values(query, counts):
    return [
        FacetValue(
            price_bucket_value(low, high),
            price_bucket_label(low, high),
            counts.get(price_bucket_value(low, high), 0),
            price_bucket_selected(query, low, high),
        )
        for low, high in PRICE_BUCKETS
    ]


def _rating_values(query, counts):
    return [
        FacetValue(
            str(stars),
            f"{stars} stars & up",
            counts.get(str(stars), 0),
            query.rating_min is not None and float(query.rating_min) == stars,
        )
        for stars in RATING_BUCKETS
    ]


def build_facets(query, counts):
    """counts: facet name -> {value: count}; price and rating keyed by bucket value."""
    return {
        "kind": _term_values("kind", query, counts.get("kind", {})),
        "category": _term_values("category", query, counts.get("category", {})),
        "tag": _term_values("tag", query, counts.get("tag", {})),
        "city": _term_values("city", query, counts.get("city", {})),
        "price": _price_values(query, counts.get("price", {})),
        "rating": _rating_values(query, counts.get("rating", {})),
        "open_now": [
            FacetValue(
                "true", "Open now", counts.get("open_now", {}).get("true", 0), query.open_now
            )
        ],
    }
