"""Search over the SearchDocument table.

PostgreSQL: a weighted tsvector (kept by a trigger) with a GIN index, `websearch` queries ranked
with ts_rank, and pg_trgm word similarity when nothing matches exactly (typos). SQLite: the same
API with case-insensitive substring matching, so the zero-setup demo searches too. Both filter a
bounding box on indexed columns before the haversine distance.
"""

import functools
import json
import math
import operator
import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery as PostgresQuery
from django.contrib.postgres.search import SearchRank, TrigramWordSimilarity
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from search.facets import TERM_FACETS, build_facets
from search.models import SearchDocument, SearchOpeningPeriod, SearchTerm
from search.query import (
    EARTH_RADIUS_KM,
    PRICE_BUCKETS,
    RATING_BUCKETS,
    TERM_FACET_SIZE,
    Hit,
    SearchResults,
    attach_distances,
    bounding_box,
    price_bucket_value,
)
from search.text import highlight, parse_web_search

from .base import SearchEngine

HIT_FIELDS = (
    "key",
    "kind",
    "object_id",
    "title",
    "url",
    "summary",
    "body",
    "image",
    "price",
    "rating",
    "city",
    "latitude",
    "longitude",
    "categories",
    "tags",
    "published_at",
)
UPSERT_FIELDS = [name for name in HIT_FIELDS if name not in ("key",)] + [
    "keywords",
    "fingerprint",
    "indexed_at",
]
COPY_COLUMNS = ["key", *(name for name in UPSERT_FIELDS if name != "indexed_at")]
TERM_FIELDS = {"category": SearchTerm.CATEGORY, "tag": SearchTerm.TAG}
ORDER_TIE_BREAK = ("kind", "object_id")
OPENING_KINDS = ("venue",)
PREFIX_WORD = re.compile(r"\w+")  # kinds whose documents carry opening hours


def _jsonable(values):
    return [json.dumps(value) if isinstance(value, list) else value for value in values]


def _is_postgres():
    return connection.vendor == "postgresql"


def distance_expression(lat, lon):
    """Haversine in SQL (SQLite gets these math functions from Django)."""
    lat_r, lon_r = math.radians(lat), math.radians(lon)
    half_dlat = (Radians(F("latitude")) - Value(lat_r)) / Value(2.0)
    half_dlon = (Radians(F("longitude")) - Value(lon_r)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat_r)) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlon), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a), output_field=FloatField())


class DatabaseEngine(SearchEngine):
    name = "database"
    transient_errors = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

    def supports_typos(self):
        return _is_postgres()

    # ---- writing ----

    def index(self, documents):
        if not documents:
            return
        documents = list({document.key: document for document in documents}.values())
        with transaction.atomic():
            SearchDocument.objects.bulk_create(
                [self._row(document) for document in documents],
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=UPSERT_FIELDS,
                batch_size=500,
            )
            ids = dict(
                SearchDocument.objects.filter(key__in=[d.key for d in documents]).values_list(
                    "key", "pk"
                )
            )
            SearchTerm.objects.filter(document_id__in=ids.values()).delete()
            SearchOpeningPeriod.objects.filter(document_id__in=ids.values()).delete()
            self._insert_children(documents, ids)

    def _insert_children(self, documents, ids):
        terms, periods = [], []
        for document in documents:
            pk = ids[document.key]
            for field, values in (
                (SearchTerm.CATEGORY, document.categories),
                (SearchTerm.TAG, document.tags),
            ):
                terms += [SearchTerm(document_id=pk, field=field, value=v) for v in values]
            periods += [
                SearchOpeningPeriod(document_id=pk, opens=opens, closes=closes)
                for opens, closes in document.open_periods
            ]
        SearchTerm.objects.bulk_create(terms, batch_size=1000)
        SearchOpeningPeriod.objects.bulk_create(periods, batch_size=1000)

    @staticmethod
    def _row(document):
        return SearchDocument(
            key=document.key,
            kind=document.kind,
            object_id=document.object_id,
            title=document.title[:255],
            summary=document.summary,
            body=document.body,
            url=document.url,
            image=document.image,
            categories=document.categories,
            tags=document.tags,
            keywords=" ".join([*document.categories, *document.tags]),
            city=document.city,
            latitude=document.lat,
            longitude=document.lon,
            price=document.price,
            rating=document.rating,
            published_at=document.published_at,
            fingerprint=document.fingerprint,
        )

    def delete(self, keys):
        keys = list(keys)
        if keys:
            SearchDocument.objects.filter(key__in=keys).delete()

    def rebuild(self, batches):
        """One transaction: searches see the old index until the new one is complete."""
        total = 0
        insert = self._copy_rows if _is_postgres() else self._create_rows
        with transaction.atomic(), connection.cursor() as cursor:
            for model in (SearchOpeningPeriod, SearchTerm, SearchDocument):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
            for documents in batches:
                insert(documents)
                total += len(documents)
        return total

    def _create_rows(self, documents):
        rows = SearchDocument.objects.bulk_create(
            [self._row(document) for document in documents], batch_size=1000
        )
        if rows and rows[0].pk is None:  # backends that cannot return ids
            ids = self._ids([row.key for row in rows])
        else:
            ids = {row.key: row.pk for row in rows}
        self._insert_children(documents, ids)

    @staticmethod
    def _ids(keys):
        return dict(SearchDocument.objects.filter(key__in=keys).values_list("key", "pk"))

    def _copy_rows(self, documents):
        """PostgreSQL's COPY: many times faster than INSERT for a full rebuild."""
        now = timezone.now()
        columns = [*COPY_COLUMNS, "indexed_at"]
        with connection.cursor() as cursor:
            sql = f"COPY search_searchdocument ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for document in documents:
                    row = self._row(document)
                    values = [getattr(row, column) for column in COPY_COLUMNS]
                    copy.write_row([*_jsonable(values), now])
            ids = self._ids([document.key for document in documents])
            with cursor.cursor.copy(
                "COPY search_searchterm (document_id, field, value) FROM STDIN"
            ) as copy:
                for document in documents:
                    for field, values in (
                        (SearchTerm.CATEGORY, document.categories),
                        (SearchTerm.TAG, document.tags),
                    ):
                        for value in values:
                            copy.write_row((ids[document.key], field, value))
            with cursor.cursor.copy(
                "COPY search_searchopeningperiod (document_id, opens, closes) FROM STDIN"
            ) as copy:
                for document in documents:
                    for opens, closes in document.open_periods:
                        copy.write_row((ids[document.key], opens, closes))

    def fingerprints(self, kind):
        return dict(SearchDocument.objects.filter(kind=kind).values_list("key", "fingerprint"))

    def counts(self):
        rows = SearchDocument.objects.values_list("kind").annotate(n=Count("pk")).order_by()
        return dict(rows)

    def check(self):
        SearchDocument.objects.only("pk").first()

    # ---- searching ----

    def search(self, query):
        with transaction.atomic():
            if _is_postgres():
                # Short queries: compiling them costs more than it saves. The matches of a
                # broad word (up to ~10 MB of facet columns) stay in memory instead of a file.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
            matched, relevance, terms = self._match_text(query)
            located = self._within_radius(matched, query)
            filters = self._facet_filters(query)
            counts, total, page_ids = self._facet_counts(located, filters, query, relevance)
            rows = {
                row["id"]: row
                for row in SearchDocument.objects.filter(pk__in=page_ids).values("id", *HIT_FIELDS)
            }
        hits = [self._hit(rows[pk], terms) for pk in page_ids]
        attach_distances(hits, query)
        return SearchResults(
            total=total,
            hits=hits,
            facets=build_facets(query, counts),
            page=query.page,
            page_size=query.page_size,
        )

    def _match_text(self, query):
        """(queryset, relevance expression or None, terms to highlight)."""
        documents = SearchDocument.objects.all()
        parsed = parse_web_search(query.text)
        terms = parsed.required
        if not query.text.strip() or not parsed:
            return documents, None, terms
        if _is_postgres():
            return self._match_postgres(documents, query.text, terms)
        return self._match_simple(documents, parsed), self._simple_relevance(parsed), terms

    def _match_postgres(self, documents, text, terms):
        ts_query = PostgresQuery(text, config="english", search_type="websearch")
        exact = documents.filter(search_vector=ts_query)
        if exact.exists():
            # Ranked on title, keywords and summary (a small in-row vector): matches only in
            # the body rank after them, newest first.
            return exact, SearchRank(F("rank_vector"), ts_query), terms
        # Nothing matched as typed: words of similar spelling in titles and keywords.
        fuzzy = documents.filter(TrigramWordSimilar(F("title"), text))
        return fuzzy, TrigramWordSimilarity(text, "title"), terms

    @staticmethod
    def _simple_condition(phrase):
        return (
            Q(title__icontains=phrase)
            | Q(keywords__icontains=phrase)
            | Q(summary__icontains=phrase)
            | Q(body__icontains=phrase)
        )

    def _match_simple(self, documents, parsed):
        for phrase in parsed.required:
            documents = documents.filter(self._simple_condition(phrase))
        for phrase in parsed.excluded:
            documents = documents.exclude(self._simple_condition(phrase))
        return documents

    @staticmethod
    def _simple_relevance(parsed):
        # Title matches weigh most, then categories and tags, then the summary; as the weights
        # of the PostgreSQL tsvector.
        score = Value(0.0)
        for phrase in parsed.required:
            score = score + Case(
                When(title__icontains=phrase, then=Value(1.0)),
                When(keywords__icontains=phrase, then=Value(0.4)),
                When(summary__icontains=phrase, then=Value(0.4)),
                default=Value(0.2),
                output_field=FloatField(),
            )
        return score

    @staticmethod
    def _within_radius(documents, query):
        if not query.has_point:
            return documents
        min_lat, max_lat, min_lon, max_lon = bounding_box(query.lat, query.lon, query.radius_km)
        return (
            documents.filter(
                latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
            )
            .alias(distance=distance_expression(query.lat, query.lon))
            .filter(distance__lte=query.radius_km)
        )

    @staticmethod
    def _facet_filters(query):
        """facet name -> Q for each facet with a selection; values OR'ed, facets AND'ed."""
        filters = {}
        if query.kinds:
            filters["kind"] = Q(kind__in=query.kinds)
        if query.cities:
            filters["city"] = Q(city__in=query.cities)
        for name, field in TERM_FIELDS.items():
            values = getattr(query, TERM_FACETS[name])
            if not values:
                continue
            if _is_postgres():
                # The row's own list of "<facet>:<value>" terms: no lookup per row.
                has_any = RawSQL(
                    '"search_searchdocument"."facet_terms" && %s::text[]',
                    ([f"{name}:{value}" for value in values],),
                    BooleanField(),
                )
                filters[name] = Q(has_any)
            else:
                tagged = SearchTerm.objects.filter(
                    document=OuterRef("pk"), field=field, value__in=values
                )
                filters[name] = Q(Exists(tagged))
        price = Q()
        if query.price_min is not None:
            price &= Q(price__gte=query.price_min)
        if query.price_max is not None:
            price &= Q(price__lt=query.price_max)
        if price:
            filters["price"] = price
        if query.rating_min is not None:
            filters["rating"] = Q(rating__gte=query.rating_min)
        if query.open_now:
            moment = query.moment()
            open_periods = SearchOpeningPeriod.objects.filter(
                document=OuterRef("pk"), opens__lte=moment, closes__gt=moment
            )
            filters["open_now"] = Q(Exists(open_periods)) & Q(kind__in=OPENING_KINDS)
        return filters

    @staticmethod
    def _open_at(query):
        if query.kinds and not set(query.kinds) & set(OPENING_KINDS):
            return Value(False, output_field=BooleanField())
        moment = query.moment()
        periods = SearchOpeningPeriod.objects.filter(
            document=OuterRef("pk"), opens__lte=moment, closes__gt=moment
        )
        # Only places have hours: other kinds skip the lookup.
        return Case(
            When(kind__in=OPENING_KINDS, then=Exists(periods)),
            default=Value(False),
            output_field=BooleanField(),
        )

    def _facet_counts(self, located, filters, query, relevance):
        """Every facet's counts, the total and the ids of the page's hits in one statement.

        The text and distance match runs once, into a CTE with one flag per selected facet and
        the sort keys; each facet then counts the rows where every other facet's flag holds
        (its own selection does not narrow its counts), as FacetedSearch does. The page of hits
        is sorted from the same rows, so the wide table is read once."""
        postgres = _is_postgres()
        flags = {
            f"f_{name}": ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in filters.items()
        }
        sort_columns, order = self._order(query, relevance)
        if filters:
            # Only rows that pass every facet can be on the page: rank just those.
            every = functools.reduce(operator.and_, filters.values())
            sort_columns = {
                name: Case(When(every, then=expression), default=None, output_field=FloatField())
                for name, expression in sort_columns.items()
            }
        term_columns = {}
        if postgres:
            term_columns["facet_terms"] = RawSQL(
                '"search_searchdocument"."facet_terms"', (), ArrayField(TextField())
            )
        base = located.annotate(
            **flags, **sort_columns, **term_columns, open_flag=self._open_at(query)
        ).values(
            "id",
            "kind",
            "object_id",
            "city",
            "price",
            "rating",
            "published_at",
            "open_flag",
            *flags,
            *sort_columns,
            *term_columns,
        )
        base_sql, params = base.query.sql_with_params()
        params = list(params)
        selects = []

        def where(name, *extra):
            conditions = [f"base.f_{other}" for other in filters if other != name]
            return " AND ".join([*conditions, *extra]) or "1 = 1"

        def add(sql, *values):
            selects.append(f"SELECT facet, value, n FROM ({sql}) AS q{len(selects)}")
            params.extend(values)

        add(f"SELECT 'total' AS facet, '' AS value, COUNT(*) AS n FROM base WHERE {where(None)}")
        add(
            "SELECT 'hit' AS facet, CAST(page.id AS TEXT) AS value, "
            f"ROW_NUMBER() OVER (ORDER BY {order('page')}) AS n FROM "
            f"(SELECT * FROM base WHERE {where(None)} ORDER BY {order('base')} "
            "LIMIT %s OFFSET %s) AS page",
            query.page_size,
            query.offset,
        )
        add(
            "SELECT 'kind' AS facet, base.kind AS value, COUNT(*) AS n FROM base "
            f"WHERE {where('kind')} GROUP BY base.kind"
        )
        has_city = "base.city <> ''"
        add(
            "SELECT 'city' AS facet, base.city AS value, COUNT(*) AS n FROM base "
            f"WHERE {where('city', has_city)} GROUP BY base.city "
            f"ORDER BY n DESC, value LIMIT {TERM_FACET_SIZE}"
        )
        if postgres:
            add(self._term_counts_postgres(filters))
        else:
            for name, field in TERM_FIELDS.items():
                add(
                    f"SELECT '{name}' AS facet, t.value AS value, COUNT(*) AS n FROM base "
                    "JOIN search_searchterm t ON t.document_id = base.id "
                    f"WHERE t.field = %s AND {where(name)} GROUP BY t.value "
                    f"ORDER BY n DESC, value LIMIT {TERM_FACET_SIZE}",
                    field,
                )
        bucket_cases, bucket_params = [], []
        for low, high in PRICE_BUCKETS:
            if high is not None:
                bucket_cases.append("WHEN base.price < %s THEN %s")
                bucket_params += [high, price_bucket_value(low, high)]
        last_low, last_high = PRICE_BUCKETS[-1]
        add(
            f"SELECT 'price' AS facet, CASE {' '.join(bucket_cases)} ELSE %s END AS value, "
            f"COUNT(*) AS n FROM base WHERE {where('price', 'base.price IS NOT NULL')} "
            "GROUP BY 2",
            *bucket_params,
            price_bucket_value(last_low, last_high),
        )
        for stars in RATING_BUCKETS:
            add(
                f"SELECT 'rating' AS facet, '{stars}' AS value, COUNT(*) AS n FROM base "
                f"WHERE {where('rating', 'base.rating >= %s')}",
                stars,
            )
        add(
            "SELECT 'open_now' AS facet, 'true' AS value, COUNT(*) AS n FROM base "
            f"WHERE {where('open_now', 'base.open_flag')}"
        )
        materialized = "MATERIALIZED " if postgres else ""
        sql = f"WITH base AS {materialized}({base_sql}) " + " UNION ALL ".join(selects)
        counts = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, count in cursor.fetchall():
                counts.setdefault(facet, {})[value] = count
        total = counts.pop("total", {}).get("", 0)
        page = counts.pop("hit", {})
        page_ids = [int(pk) for pk in sorted(page, key=page.get)]
        return counts, total, page_ids

    @staticmethod
    def _term_counts_postgres(filters):
        """Category and tag counts in one pass over the rows' `facet_terms` arrays.

        Rows are narrowed by every selection but these two facets'; a category then counts
        where the tag selection holds too, and a tag where the category selection does (a
        facet ignores only its own). Each document lists a value once (see Document)."""
        others = {"category": "tag", "tag": "category"}
        narrowed = [f"base.f_{name}" for name in filters if name not in others]
        flags = "".join(f", base.f_{name}" for name in others if name in filters)
        counted = []
        for name, other in others.items():
            condition = f"expanded.term LIKE '{name}:%%'"
            if other in filters:
                condition += f" AND expanded.f_{other}"
            counted.append(f"({condition})")
        return (
            "SELECT facet, value, n FROM ("
            "SELECT split_part(term, ':', 1) AS facet, "
            "substr(term, strpos(term, ':') + 1) AS value, n, "
            "ROW_NUMBER() OVER (PARTITION BY split_part(term, ':', 1) "
            "ORDER BY n DESC, term) AS position FROM ("
            "SELECT expanded.term, COUNT(*) AS n FROM ("
            f"SELECT unnest(base.facet_terms) AS term{flags} FROM base "
            f"WHERE {' AND '.join(narrowed) or 'TRUE'}) AS expanded "
            f"WHERE {' OR '.join(counted)} GROUP BY expanded.term"
            f") AS term_counts) AS ranked WHERE position <= {TERM_FACET_SIZE}"
        )

    @staticmethod
    def _order(query, relevance):
        """(sort-key annotations, function of a table alias -> ORDER BY list)."""
        sort = query.effective_sort()
        if sort == "relevance" and relevance is None:
            sort = "newest"
        newest = [("published_at", "DESC NULLS LAST")]
        columns = {}
        if sort == "relevance":
            columns["sort_relevance"] = relevance
            keys = [("sort_relevance", "DESC"), *newest]
        elif sort == "price":
            keys = [("price", "ASC NULLS LAST")]
        elif sort == "-price":
            keys = [("price", "DESC NULLS LAST")]
        elif sort == "rating":
            keys = [("rating", "DESC NULLS LAST"), *newest]
        elif sort == "distance":
            columns["sort_distance"] = F("distance")
            keys = [("sort_distance", "ASC")]
        else:
            keys = newest
        keys += [(column, "ASC") for column in ORDER_TIE_BREAK]

        def order(alias):
            return ", ".join(f"{alias}.{column} {direction}" for column, direction in keys)

        return columns, order

    @staticmethod
    def _hit(row, terms):
        text_highlight = highlight(row["summary"], terms) or highlight(row["body"], terms)
        return Hit(
            key=row["key"],
            kind=row["kind"],
            object_id=row["object_id"],
            title=row["title"],
            url=row["url"],
            summary=row["summary"],
            image=row["image"],
            price=row["price"],
            rating=row["rating"],
            city=row["city"],
            lat=row["latitude"],
            lon=row["longitude"],
            categories=row["categories"],
            tags=row["tags"],
            published_at=row["published_at"],
            highlight=text_highlight or highlight(row["title"], terms),
        )

    def suggest(self, prefix, limit=8):
        words = PREFIX_WORD.findall(prefix.lower())
        if not words or len(" ".join(words)) < 2:
            return []
        if _is_postgres():
            # Every word typed starts a word of the title: a GIN-indexed prefix query.
            ts_query = " & ".join([*words[:-1], f"{words[-1]}:*"])
            matches = SearchDocument.objects.filter(
                RawSQL(
                    "to_tsvector('simple'::regconfig, title) @@ to_tsquery('simple', %s)",
                    [ts_query],
                    output_field=BooleanField(),
                )
            )
        else:
            phrase = " ".join(words)
            matches = SearchDocument.objects.filter(
                Q(title__istartswith=phrase) | Q(title__icontains=f" {phrase}")
            )
        rows = matches.order_by("title", *ORDER_TIE_BREAK).values("title", "url", "kind")
        return sorted(rows[:limit], key=lambda row: (row["title"].lower(), row["kind"]))
