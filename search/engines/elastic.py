"""Search on Elasticsearch 8 with `elasticsearch.dsl`.

One index per build behind an alias (`<SEARCH_INDEX_PREFIX>-documents`): a rebuild fills a new
index and swaps the alias in one atomic call, so searches never see a half-built index. Facets
work as FacetedSearch does: hits are narrowed by a post_filter of every selection, and each
facet's aggregation applies the other facets' selections only.

Relevance follows the order every engine states (docs/search.md): the score is a sum of
weights, one step each for match quality, availability and commerce kinds, each step larger
than any text score, with the BM25 score of the text under them. Typos: fuzzy matching, and a
term suggester on the `spelling` field (every word of the title, summary, categories, tags and
search terms) for "did you mean".
"""

import contextlib
import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from elasticsearch import (
    ApiError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
    TransportError,
    helpers,
)
from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    DateRange,
    Double,
    Float,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Long,
    Mapping,
    Q,
    ScaledFloat,
    Search,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from search.facets import TERM_FACETS, build_facets
from search.query import (
    COMMERCE_KINDS,
    PRICE_BUCKETS,
    RATING_BUCKETS,
    SUGGESTION_GROUPS,
    TERM_FACET_SIZE,
    Hit,
    SearchResults,
    Suggestion,
    attach_distances,
    price_bucket_value,
    suggestion_group,
)
from search.spelling import best_candidate, replace_words, words
from search.text import parse_web_search

from .base import Answer, SearchEngine, SearchUnavailable

TEXT_FIELDS = [
    "title^3",
    "categories.text^2",
    "tags.text^2",
    "search_terms^2",
    "summary^2",
    "body",
]
# The fields of a "field match" (every word in them, the body left out), and of a title match.
FIELD_MATCH_FIELDS = ["title", "categories.text", "tags.text", "search_terms", "summary"]
WEB_SYNTAX_FLAGS = "PHRASE|PREFIX|NOT|OR|WHITESPACE"
# One step of the relevance score, far above the BM25 score of a search-box query (tens, a few
# hundred for a long one), so match quality, then availability, then commerce decide first.
RANK_STEP = 100_000
HIGHLIGHT_FIELDS = ("summary", "body", "title")
SUGGESTION_SOURCE = ["key", "kind", "title", "url", "image", "price", "city", "venue", "available"]
# The term suggester finds indexed words near unknown ones; search/spelling.py picks among them.
SPELLING_SUGGESTER = {
    "field": "spelling",
    "suggest_mode": "missing",
    "min_word_length": 4,
    "prefix_length": 1,
    "max_edits": 2,
    "size": 5,
}
TERM_FIELDS = {"kind": "kind", "category": "categories", "tag": "tags", "city": "city"}
TIE_BREAK = [{"kind": "asc"}, {"object_id": "asc"}]
NEWEST = {"published_at": {"order": "desc", "missing": "_last"}}
ANALYSIS_PROFILES = ("full", "core")


def _analysers(profile):
    """The text and suggestion analysers, the exact-title normalizer and the price field, for
    an analysis profile.

    "full" is the production mapping: stemming, ASCII folding and `scaled_float` come from the
    analysis-common and mapper-extras modules every Elasticsearch distribution ships. "core" is
    the closest mapping a bare server supports (Elastic's test distribution has neither module):
    the same names, lowercase and English stop words only, and `double` prices.
    """
    english_stop = token_filter("english_stop", "stop", stopwords="_english_")
    if profile == "core":
        text = analyzer("english_folding", tokenizer="standard", filter=["lowercase", english_stop])
        suggest = analyzer("suggest_folding", tokenizer="standard", filter=["lowercase"])
        exact = normalizer("exact_folding", filter=["lowercase"])
        return text, suggest, exact, Double()
    text = analyzer(
        "english_folding",
        tokenizer="standard",
        filter=[
            token_filter("english_possessive", "stemmer", language="possessive_english"),
            "lowercase",
            "asciifolding",
            english_stop,
            token_filter("english_stemmer", "stemmer", language="english"),
        ],
    )
    suggest = analyzer(
        "suggest_folding", tokenizer="standard", filter=["lowercase", "asciifolding"]
    )
    exact = normalizer("exact_folding", filter=["lowercase", "asciifolding"])
    return text, suggest, exact, ScaledFloat(scaling_factor=100)


def document_mapping(profile="full"):
    """The mapping: text fields for matching, keywords for facets, a geo point, a suggester."""
    if profile not in ANALYSIS_PROFILES:
        raise ImproperlyConfigured(
            f"ELASTICSEARCH_ANALYSIS must be one of {ANALYSIS_PROFILES}, not {profile!r}"
        )
    text, suggest, exact, price = _analysers(profile)
    mapping = Mapping()
    # Words a spelling correction may suggest: copied from the shown and keyword fields.
    spelled = {"copy_to": "spelling"}
    fields = {
        "key": Keyword(),
        "kind": Keyword(),
        "object_id": Long(),
        "title": Text(
            analyzer=text,
            fields={"raw": Keyword(), "exact": Keyword(normalizer=exact, ignore_above=256)},
            **spelled,
        ),
        "summary": Text(analyzer=text, **spelled),
        "body": Text(analyzer=text),
        "search_terms": Text(analyzer=text, **spelled),
        "spelling": Text(analyzer=suggest),
        "url": Keyword(index=False),
        "image": Keyword(index=False),
        "categories": Keyword(fields={"text": Text(analyzer=text)}, **spelled),
        "tags": Keyword(fields={"text": Text(analyzer=text)}, **spelled),
        "city": Keyword(),
        "location": GeoPoint(),
        "price": price,
        "rating": Float(),
        "review_count": Integer(),
        "top_score": Float(),
        "published_at": Date(),
        "open_periods": DateRange(),  # a term query with an instant asks "open at that moment"
        "available": Boolean(),
        "venue": Keyword(index=False),
        # One context per search-box group: each group's completions come from one request.
        "suggest": Completion(
            analyzer=suggest,
            preserve_separators=False,
            contexts=[{"name": "group", "type": "category"}],
        ),
        "fingerprint": Keyword(index=False),
    }
    for name, field in fields.items():
        mapping.field(name, field)
    return mapping


def suggestion_inputs(title):
    """The title and every tail of it from a word on: "bees" and "pillar" both find
    "Beeswax pillar", as the database engine's word-prefix match does."""
    words = title.split()
    return [" ".join(words[start:]) for start in range(len(words))]


def document_source(document):
    return {
        "key": document.key,
        "kind": document.kind,
        "object_id": document.object_id,
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "search_terms": document.search_terms,
        "url": document.url,
        "image": document.image,
        "categories": document.categories,
        "tags": document.tags,
        "city": document.city,
        "location": (
            {"lat": document.lat, "lon": document.lon}
            if document.lat is not None and document.lon is not None
            else None
        ),
        "price": None if document.price is None else float(document.price),
        "rating": document.rating,
        "review_count": document.review_count,
        "top_score": document.top_score,
        "published_at": document.published_at.isoformat() if document.published_at else None,
        "open_periods": [
            {"gte": start.isoformat(), "lt": end.isoformat()}
            for start, end in document.open_periods
        ],
        "available": document.available,
        "venue": document.venue,
        "suggest": {
            "input": suggestion_inputs(document.title),
            "contexts": {"group": [suggestion_group(document.kind)]},
        },
        "fingerprint": document.fingerprint,
    }


@functools.cache
def _client(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=True, max_retries=2)


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"
    transient_errors = (EsConnectionError, ConnectionTimeout, TransportError, TimeoutError)

    def __init__(self, client=None, prefix=None):
        self._given_client = client
        self.alias = f"{prefix or settings.SEARCH_INDEX_PREFIX}-documents"

    @property
    def client(self):
        if self._given_client is None:
            self._given_client = _client(
                settings.ELASTICSEARCH_URL, settings.SEARCH_TIMEOUT_SECONDS
            )
        return self._given_client

    @property
    def writer(self):
        """The client for bulk writes: a 2,000-document batch may take longer than a search
        should ever be allowed to, and a bulk retried after a timeout is harmless (by id)."""
        return self.client.options(request_timeout=settings.SEARCH_INDEXING_TIMEOUT_SECONDS)

    # ---- index management ----

    def new_index(self):
        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        index = Index(name)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.mapping(document_mapping(settings.ELASTICSEARCH_ANALYSIS))
        return index

    def ensure_index(self):
        if not self.client.indices.exists_alias(name=self.alias):
            index = self.new_index()
            index.create(using=self.client)
            self.client.indices.put_alias(index=index._name, name=self.alias)

    def _on_index(self, request):
        """Run a read; only when the index is missing (a site that never indexed) create it and
        ask again, so a search costs one round trip rather than an alias check first."""
        try:
            return request()
        except NotFoundError:
            self.ensure_index()
            return request()

    def _actions(self, documents, index_name):
        for document in documents:
            yield {"_index": index_name, "_id": document.key, "_source": document_source(document)}

    def index(self, documents):
        if not documents:
            return
        self.ensure_index()
        helpers.bulk(self.writer, self._actions(documents, self.alias), refresh="wait_for")

    def delete(self, keys):
        keys = list(keys)
        if not keys or not self.client.indices.exists_alias(name=self.alias):
            return
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys)
        helpers.bulk(self.writer, actions, refresh="wait_for", raise_on_error=False)

    def rebuild(self, batches):
        index = self.new_index()
        index.create(using=self.client)
        total = 0
        try:
            for documents in batches:
                helpers.bulk(self.writer, self._actions(documents, index._name))
                total += len(documents)
            self.writer.indices.refresh(index=index._name)
        except Exception:
            index.delete(using=self.client, ignore_unavailable=True)
            raise
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = list(self.client.indices.get_alias(name=self.alias))
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": index._name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)  # atomic swap
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        return total

    def fingerprints(self, kind):
        if not self.client.indices.exists_alias(name=self.alias):
            return {}
        scan = helpers.scan(
            self.client,
            index=self.alias,
            query={"query": {"term": {"kind": kind}}, "_source": ["fingerprint"]},
        )
        return {hit["_id"]: hit["_source"].get("fingerprint", "") for hit in scan}

    def counts(self):
        if not self.client.indices.exists_alias(name=self.alias):
            return {}
        search = Search(using=self.client, index=self.alias).extra(size=0)
        search.aggs.bucket("kinds", "terms", field="kind", size=50)
        response = search.execute()
        return {bucket.key: bucket.doc_count for bucket in response.aggregations.kinds.buckets}

    def check(self):
        # Cluster health, not a ping of `/`: the root route is a module some distributions lack.
        health = self.client.cluster.health(timeout="1s")
        if health["status"] not in ("green", "yellow"):
            raise ConnectionError(f"Elasticsearch cluster health is {health['status']}")

    # ---- searching ----

    @staticmethod
    def as_typed(text, fields):
        """Every word (or quoted phrase) of the text in these fields together, no typo
        tolerance; web-search syntax (quotes, -exclusions) as the search box allows it."""
        parsed = parse_web_search(text)
        if parsed.excluded or '"' in text:
            return Q(
                "simple_query_string",
                query=text,
                fields=fields,
                default_operator="and",
                flags=WEB_SYNTAX_FLAGS,
            )
        return Q("multi_match", query=text, fields=fields, type="cross_fields", operator="and")

    @classmethod
    def text_query(cls, text):
        """What the text matches: as typed, or (without web syntax) each word within a typo."""
        parsed = parse_web_search(text)
        if not parsed:
            return None
        exact = cls.as_typed(text, TEXT_FIELDS)
        if parsed.excluded or '"' in text:
            return exact
        exact.boost = 2
        fuzzy = Q(
            "bool",
            must=[
                Q(
                    "multi_match",
                    query=word,
                    fields=TEXT_FIELDS,
                    fuzziness="AUTO",
                    prefix_length=1,
                    zero_terms_query="all",  # a stop word leaves the others to decide
                )
                for word in parsed.required
            ],
        )
        return Q("bool", should=[exact, fuzzy], minimum_should_match=1)

    @classmethod
    def ranked(cls, matching, text):
        """The matching query scored in the stated order: four steps per match-quality level
        (as typed in the body, in other fields, in the title, the exact title; matches only
        within a typo get none), two for being available, one for a commerce kind, and the
        BM25 score under them."""
        quality = [
            cls.as_typed(text, TEXT_FIELDS),  # as typed anywhere, not only within a typo
            cls.as_typed(text, FIELD_MATCH_FIELDS),
            cls.as_typed(text, ["title"]),
            Q("match", **{"title.exact": text}),
        ]
        functions = [{"filter": level, "weight": 4 * RANK_STEP} for level in quality]
        functions += [
            # Documents indexed before `available` existed count as available.
            {"filter": ~Q("term", available=False), "weight": 2 * RANK_STEP},
            {"filter": Q("terms", kind=list(COMMERCE_KINDS)), "weight": RANK_STEP},
        ]
        return Q(
            "function_score",
            query=matching,
            functions=functions,
            score_mode="sum",
            boost_mode="sum",
        )

    @staticmethod
    def facet_filters(query):
        filters = {}
        for name, field in TERM_FIELDS.items():
            values = getattr(query, TERM_FACETS[name])
            if values:
                filters[name] = Q("terms", **{field: list(values)})
        price = {}
        if query.price_min is not None:
            price["gte"] = float(query.price_min)
        if query.price_max is not None:
            price["lt"] = float(query.price_max)
        if price:
            filters["price"] = Q("range", price=price)
        if query.rating_min is not None:
            filters["rating"] = Q("range", rating={"gte": float(query.rating_min)})
        if query.open_now:
            filters["open_now"] = Q("term", open_periods=query.moment().isoformat())
        return filters

    @staticmethod
    def _facet_aggregation(name, query):
        if name in TERM_FIELDS:
            return "terms", {"field": TERM_FIELDS[name], "size": TERM_FACET_SIZE}
        if name == "price":
            ranges = []
            for low, high in PRICE_BUCKETS:
                bucket = {"key": price_bucket_value(low, high)}
                if low is not None:
                    bucket["from"] = low
                if high is not None:
                    bucket["to"] = high
                ranges.append(bucket)
            return "range", {"field": "price", "ranges": ranges}
        if name == "rating":
            ranges = [{"key": str(stars), "from": stars} for stars in RATING_BUCKETS]
            return "range", {"field": "rating", "ranges": ranges}
        return "filter", {"filter": Q("term", open_periods=query.moment().isoformat())}

    @staticmethod
    def sort_name(query):
        sort = query.effective_sort()
        if sort == "relevance" and not parse_web_search(query.text):
            return "newest"
        return sort

    def sort_clauses(self, query):
        sort = self.sort_name(query)
        if sort == "relevance":
            return ["_score", NEWEST, *TIE_BREAK]
        if sort == "price":
            return [{"price": {"order": "asc", "missing": "_last"}}, *TIE_BREAK]
        if sort == "-price":
            return [{"price": {"order": "desc", "missing": "_last"}}, *TIE_BREAK]
        if sort == "rating":
            # "Top rated": the score that weighs how many reviews, then the plain average.
            return [
                {"top_score": {"order": "desc", "missing": "_last"}},
                {"rating": {"order": "desc", "missing": "_last"}},
                NEWEST,
                *TIE_BREAK,
            ]
        if sort == "distance":
            point = {"lat": query.lat, "lon": query.lon}
            by_distance = {"location": point, "order": "asc", "unit": "km", "distance_type": "arc"}
            return [{"_geo_distance": by_distance}, *TIE_BREAK]
        return [NEWEST, *TIE_BREAK]

    def build_search(self, query):
        search = Search(using=self._given_client, index=self.alias)
        filters = self.facet_filters(query)
        text = self.text_query(query.text)
        if text is not None:
            if self.sort_name(query) == "relevance":
                text = self.ranked(text, query.text)
            search = search.query(text)
            # How many match as typed, and indexed words near unknown ones: "did you mean".
            as_typed = self.as_typed(query.text, TEXT_FIELDS)
            search.aggs.bucket(
                "_as_typed", "filter", filter=Q("bool", filter=[*filters.values(), as_typed])
            )
            search = search.suggest("spelling", query.text, term=SPELLING_SUGGESTER)
        if query.has_point:
            search = search.filter(
                "geo_distance",
                distance=f"{query.radius_km}km",
                location={"lat": query.lat, "lon": query.lon},
            )
        if query.venue_services is not None:
            # `venue` has doc values only: term queries on it still work (Elasticsearch >= 8.1).
            sold_by_us = Q("term", venue="")
            search = search.filter(~sold_by_us if query.venue_services else sold_by_us)
        if filters:
            search = search.post_filter(Q("bool", filter=list(filters.values())))
        for name in (*TERM_FIELDS, "price", "rating", "open_now"):
            others = [q for other, q in filters.items() if other != name]
            scope = Q("bool", filter=others) if others else Q("match_all")
            kind, params = self._facet_aggregation(name, query)
            search.aggs.bucket(f"_filter_{name}", "filter", filter=scope).bucket(
                name, kind, **params
            )
        search = search.sort(*self.sort_clauses(query))
        search = search.source(
            excludes=["body", "search_terms", "suggest", "open_periods", "fingerprint"]
        )
        search = search.highlight(*HIGHLIGHT_FIELDS, fragment_size=180, number_of_fragments=1)
        search = search.highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html"
        )
        search = search.extra(track_total_hits=True)
        return search[query.offset : query.offset + query.page_size]

    @contextlib.contextmanager
    def answering(self):
        """Turn "the cluster cannot answer" (unreachable, timed out, 5xx) into SearchUnavailable;
        a 4xx is a bad request of ours and stays an error."""
        try:
            yield
        except self.transient_errors as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status < 500:
                raise
            raise SearchUnavailable(str(error)) from error

    def run(self, query):
        with self.answering():
            response = self._on_index(self.build_search(query).using(self.client).execute)
        hits = [self._hit(hit) for hit in response.hits]
        attach_distances(hits, query)
        aggregations = response.aggregations.to_dict()
        total = response.hits.total.value
        results = SearchResults(
            total=total,
            hits=hits,
            facets=build_facets(query, self.parse_facets(aggregations)),
            page=query.page,
            page_size=query.page_size,
        )
        exact_total = aggregations.get("_as_typed", {}).get("doc_count", total)
        spelling = response.to_dict().get("suggest", {}).get("spelling")
        return Answer(results, exact_total, spelling=spelling)

    def correction(self, text, answer=None):
        entries = answer.spelling if answer is not None else None
        if entries is None:
            entries = self._spelling_entries(text)
        return corrected_text(text, entries)

    def _spelling_entries(self, text):
        if not words(text):
            return []
        search = Search(using=self.client, index=self.alias).extra(size=0)
        search = search.suggest("spelling", text, term=SPELLING_SUGGESTER)
        with self.answering():
            response = self._on_index(search.execute)
        return response.to_dict().get("suggest", {}).get("spelling", [])

    @staticmethod
    def parse_facets(aggregations):
        counts = {}
        for name in (*TERM_FIELDS, "price", "rating"):
            buckets = aggregations[f"_filter_{name}"][name]["buckets"]
            counts[name] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
        counts["open_now"] = {"true": aggregations["_filter_open_now"]["open_now"]["doc_count"]}
        return counts

    @staticmethod
    def _hit(hit):
        source = hit.to_dict()
        location = source.get("location") or {}
        highlights = getattr(hit.meta, "highlight", None)
        highlight = ""
        if highlights:
            for field in HIGHLIGHT_FIELDS:
                if field in highlights:
                    highlight = highlights[field][0]
                    break
        price = source.get("price")
        return Hit(
            key=source["key"],
            kind=source["kind"],
            object_id=source["object_id"],
            title=source["title"],
            url=source["url"],
            summary=source.get("summary", ""),
            image=source.get("image", ""),
            price=None if price is None else _money(price),
            rating=source.get("rating"),
            review_count=source.get("review_count") or 0,
            city=source.get("city", ""),
            lat=location.get("lat"),
            lon=location.get("lon"),
            categories=source.get("categories", []),
            tags=source.get("tags", []),
            published_at=source.get("published_at"),
            highlight=highlight,
            available=source.get("available", True),
            venue=source.get("venue", ""),
        )

    def build_suggest(self, prefix, limit):
        """One completion suggester per search-box group, in one request."""
        search = Search(using=self._given_client, index=self.alias).source(SUGGESTION_SOURCE)
        for name, _label, _kinds in SUGGESTION_GROUPS:
            # One option per document already; skip_duplicates would drop a second document
            # whose matching input reads the same ("candle" of two candles' titles).
            completion = {"field": "suggest", "size": limit, "contexts": {"group": [name]}}
            search = search.suggest(name, prefix, completion=completion)
        return search

    def suggest(self, prefix, limit=4):
        prefix = " ".join(prefix.split())
        if len(prefix) < 2:
            return []
        with self.answering():
            response = self._on_index(self.build_suggest(prefix, limit).using(self.client).execute)
        suggestions = []
        for name, _label, _kinds in SUGGESTION_GROUPS:
            options = [option._source.to_dict() for option in response.suggest[name][0].options]
            suggestions += [_suggestion(source) for source in sorted(options, key=_by_title)]
        return suggestions


def _by_title(source):
    return source["title"].lower(), source["kind"], source["key"]


def _suggestion(source):
    price = source.get("price")
    return Suggestion(
        key=source["key"],
        kind=source["kind"],
        title=source["title"],
        url=source["url"],
        image=source.get("image", ""),
        price=None if price is None else _money(price),
        city=source.get("city", ""),
        venue=source.get("venue", ""),
        available=source.get("available", True),
    )


def corrected_text(text, entries):
    """The text with the term suggester's best option for each unknown word (chosen by the
    rule every engine shares, search/spelling.py), or ""."""
    replacements = {}
    for entry in entries or []:
        word = entry["text"].lower()
        if word not in words(text):
            continue  # a token the analyser changed (folded accents...): leave it as typed
        options = [(option["text"], option.get("freq", 0)) for option in entry["options"]]
        best = best_candidate(word, options)
        if best:
            replacements[word] = best
    return replace_words(text, replacements)


def _money(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))
