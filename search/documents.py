"""What the search engines store: one flat document per indexable object, and the registry of
the kinds that produce them.

A kind plugs in with one small `DocumentDefinition` subclass (see `search/kinds/`): which model,
which objects are indexable, how one object becomes a `Document`, and which related models
change what it shows.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal

from django.apps import apps


@dataclass
class Document:
    kind: str
    object_id: int
    title: str
    url: str
    summary: str = ""
    body: str = ""
    image: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    price: Decimal | None = None
    rating: float | None = None
    # Reviews behind `rating`, and the "top rated" sort key that weighs them (core.ratings).
    review_count: int = 0
    top_score: float | None = None
    published_at: datetime | None = None
    # When the place is open over the coming days: [start, end) aware datetimes, with the
    # place's own time zone, daylight saving and dated exceptions already applied.
    open_periods: list[tuple[datetime, datetime]] = field(default_factory=list)
    # False when a product cannot be bought now (out of stock, no price): listed after the rest.
    available: bool = True
    # The venue offering a service, shown beside its title ("Hot stone massage · Saltwater Spa").
    venue: str = ""
    # Words that find the document but are never shown as its text (a venue's services and
    # team): snippets come from the summary and body only.
    search_terms: list[str] = field(default_factory=list)

    def __post_init__(self):
        # Each value once, in order: facet counts can then count rows without DISTINCT.
        self.categories = list(dict.fromkeys(self.categories))
        self.tags = list(dict.fromkeys(self.tags))
        self.search_terms = list(dict.fromkeys(self.search_terms))

    @property
    def key(self):
        return document_key(self.kind, self.object_id)

    def as_json(self):
        data = asdict(self)
        data["price"] = None if self.price is None else str(self.price)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        data["open_periods"] = [
            [start.isoformat(), end.isoformat()] for start, end in self.open_periods
        ]
        return data

    @property
    def fingerprint(self):
        """Changes whenever anything stored changes: reconciliation spots stale documents."""
        encoded = json.dumps(self.as_json(), sort_keys=True, default=str).encode()
        return hashlib.sha1(encoded, usedforsecurity=False).hexdigest()


def document_key(kind, object_id):
    return f"{kind}:{object_id}"


def parse_key(key):
    kind, _, object_id = key.partition(":")
    return kind, int(object_id)


@dataclass(frozen=True)
class RelatedChange:
    """A change to `model` (app_label, model_name) reindexes the ids `affected(instance)` gives."""

    model: tuple[str, str]
    affected: object  # callable(instance) -> iterable of ids of the definition's model


class DocumentDefinition:
    """How one kind of object becomes a search document."""

    kind = ""
    label = ""  # plural, for the kind facet: "Products"
    model = ("", "")  # (app_label, model_name), resolved lazily: apps may be forked
    related = ()  # RelatedChange instances
    many_to_many = ()  # names of the model's many-to-many fields the document shows

    def get_model(self):
        return apps.get_model(*self.model)

    def get_queryset(self):
        """Every indexable object, with what `to_document` reads prefetched."""
        raise NotImplementedError

    def to_document(self, obj) -> Document:
        raise NotImplementedError

    def prepare_batch(self, objects):
        """Load what a batch of documents shares (category trees...). Called before to_document."""

    def documents(self, ids=None, batch_size=500):
        """Documents for the indexable objects (all, or those with these ids), in batches."""
        queryset = self.get_queryset()
        if ids is not None:
            queryset = queryset.filter(pk__in=list(ids))
        queryset = queryset.order_by("pk")
        last_pk = 0
        while True:
            batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                return
            self.prepare_batch(batch)
            yield [self.to_document(obj) for obj in batch]
            last_pk = batch[-1].pk

    def count(self):
        return self.get_queryset().count()


class Registry:
    def __init__(self):
        self._definitions = {}

    def register(self, definition_class):
        definition = definition_class()
        if not definition.kind or definition.kind in self._definitions:
            raise ValueError(f"search kind {definition.kind!r} is empty or already registered")
        self._definitions[definition.kind] = definition
        return definition_class

    def __getitem__(self, kind):
        return self._definitions[kind]

    def __contains__(self, kind):
        return kind in self._definitions

    def __iter__(self):
        return iter(self._definitions.values())

    def kinds(self):
        return list(self._definitions)

    def label(self, kind):
        return self._definitions[kind].label if kind in self._definitions else kind.title()

    def for_model(self, model):
        """Definitions whose model is `model` (or one of its parents)."""
        return [definition for definition in self if issubclass(model, definition.get_model())]


registry = Registry()
register = registry.register
