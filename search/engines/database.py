"""Search over the SearchDocument table.

PostgreSQL: a weighted tsvector (kept by a trigger) with a GIN index, `websearch` queries ranked
with ts_rank. SQLite: the same API with case-insensitive substring matching, so the zero-setup
demo searches too. Typos: both correct unknown words from the vocabulary of indexed words
(`SearchWord`; candidates through pg_trgm on PostgreSQL) and search again when the text as typed
matches nothing. Both filter a bounding box on indexed columns before the haversine distance.
"""

import functools
import json
import math
import operator
import re
from collections import Counter, defaultdict
from datetime import UTC

from django.contrib.postgres.search import SearchQuery as PostgresQuery
from django.contrib.postgres.search import SearchRank
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from search.facets import TERM_FACETS, build_facets
from search.models import SearchDocument
from search.query import (
    BODY_MATCH,
    COMMERCE_KINDS,
    EARTH_RADIUS_KM,
    EXACT_TITLE,
    FIELD_MATCH,
    PRICE_BUCKETS,
    RATING_BUCKETS,
    SUGGESTION_GROUPS,
    TERM_FACET_SIZE,
    TITLE_MATCH,
    Hit,
    SearchResults,
    Suggestion,
    attach_distances,
    bounding_box,
    group_kinds,
    price_bucket_value,
)
from search.text import highlight, parse_web_search

from . import vocabulary
from .base import Answer, SearchEngine

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
    "review_count",
    "city",
    "latitude",
    "longitude",
    "categories",
    "tags",
    "published_at",
    "available",
    "venue",
)
SUGGESTION_FIELDS = (
    "key",
    "kind",
    "title",
    "url",
    "image",
    "price",
    "city",
    "venue",
    "available",
)
UPSERT_FIELDS = [name for name in HIT_FIELDS if name not in ("key",)] + [
    "top_score",
    "keywords",
    "open_periods",
    "fingerprint",
    "indexed_at",
]
COPY_COLUMNS = ["key", *(name for name in UPSERT_FIELDS if name != "indexed_at")]
TERM_FIELDS = ("category", "tag")
INSTANT = "%Y-%m-%dT%H:%M:%SZ"  # UTC, fixed width: such strings sort as the instants do
ORDER_TIE_BREAK = ("kind", "object_id")
OPENING_KINDS = ("venue",)  # kinds whose documents carry opening hours
PREFIX_WORD = re.compile(r"\w+")


def _jsonable(values):
    return [json.dumps(value) if isinstance(value, list) else value for value in values]


def instant(moment):
    return moment.astimezone(UTC).strftime(INSTANT)


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


def _has_any_term(name, values):
    """The row lists one of these categories (or tags): read from the row, no join."""
    if _is_postgres():
        return RawSQL(
            f'"search_searchdocument"."{name}_terms" && %s::text[]', (list(values),), BooleanField()
        )
    column = TERM_FACETS[name]
    return RawSQL(
        f'EXISTS (SELECT 1 FROM json_each("search_searchdocument"."{column}") AS term '
        f"WHERE term.value IN ({', '.join(['%s'] * len(values))}))",
        tuple(values),
        BooleanField(),
    )


def _open_at(moment):
    """One of the row's opening periods holds the moment (only places have any)."""
    if _is_postgres():
        return RawSQL(
            '"search_searchdocument"."open_ranges" @> %s::timestamptz', (moment,), BooleanField()
        )
    return RawSQL(
        'EXISTS (SELECT 1 FROM json_each("search_searchdocument"."open_periods") AS period '
        "WHERE json_extract(period.value, '$[0]') <= %s "
        "AND json_extract(period.value, '$[1]') > %s)",
        (instant(moment), instant(moment)),
        BooleanField(),
    )


class DatabaseEngine(SearchEngine):
    name = "database"
    transient_errors = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

    # ---- writing ----

    def index(self, documents):
        if not documents:
            return
        documents = list({document.key: document for document in documents}.values())
        rows = [self._row(document) for document in documents]
        with transaction.atomic():
            vocabulary.lock_for_writing()
            replaced = vocabulary.stored_words(row.key for row in rows)
            SearchDocument.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=UPSERT_FIELDS,
                batch_size=500,
            )
            vocabulary.apply_changes(vocabulary.words_of_documents(rows), replaced)

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
            keywords=" ".join([*document.categories, *document.tags, *document.search_terms]),
            city=document.city,
            latitude=document.lat,
            longitude=document.lon,
            price=document.price,
            rating=document.rating,
            review_count=document.review_count,
            top_score=document.top_score,
            published_at=document.published_at,
            open_periods=[
                [instant(opens), instant(closes)] for opens, closes in document.open_periods
            ],
            fingerprint=document.fingerprint,
            available=document.available,
            venue=document.venue[:255],
        )

    def delete(self, keys):
        keys = list(keys)
        if not keys:
            return
        with transaction.atomic():
            vocabulary.lock_for_writing()
            removed = vocabulary.stored_words(keys)
            SearchDocument.objects.filter(key__in=keys).delete()
            vocabulary.apply_changes({}, removed)

    def rebuild(self, batches):
        """One transaction: searches see the old index until the new one is complete."""
        total = 0
        words = Counter()
        insert = self._copy_rows if _is_postgres() else self._create_rows
        table = connection.ops.quote_name(SearchDocument._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            vocabulary.lock_for_writing()
            cursor.execute(f"DELETE FROM {table}")
            for documents in batches:
                rows = [self._row(document) for document in documents]
                insert(rows)
                words.update(vocabulary.words_of_documents(rows))
                total += len(rows)
            vocabulary.replace_all(words)
        return total

    def _create_rows(self, rows):
        SearchDocument.objects.bulk_create(rows, batch_size=1000)

    def _copy_rows(self, rows):
        """PostgreSQL's COPY: many times faster than INSERT for a full rebuild."""
        now = timezone.now()
        columns = [*COPY_COLUMNS, "indexed_at"]
        with connection.cursor() as cursor:
            sql = f"COPY search_searchdocument ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    values = [getattr(row, column) for column in COPY_COLUMNS]
                    copy.write_row([*_jsonable(values), now])

    def fingerprints(self, kind):
        return dict(SearchDocument.objects.filter(kind=kind).values_list("key", "fingerprint"))

    def counts(self):
        rows = SearchDocument.objects.values_list("kind").annotate(n=Count("pk")).order_by()
        return dict(rows)

    def check(self):
        SearchDocument.objects.only("pk").first()

    # ---- searching ----

    def run(self, query):
        with transaction.atomic():
            if _is_postgres():
                # Short queries: compiling them costs more than it saves. The matches of a
                # broad word (up to ~10 MB of facet columns) stay in memory instead of a file.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
            matched, ranking, terms = self._match_text(query)
            located = self._sold_by(self._within_radius(matched, query), query)
            filters = self._facet_filters(query)
            counts, total, page_ids = self._facet_counts(located, filters, query, ranking)
            rows = {
                row["id"]: row
                for row in SearchDocument.objects.filter(pk__in=page_ids).values("id", *HIT_FIELDS)
            }
        hits = [self._hit(rows[pk], terms) for pk in page_ids]
        attach_distances(hits, query)
        results = SearchResults(
            total=total,
            hits=hits,
            facets=build_facets(query, counts),
            page=query.page,
            page_size=query.page_size,
        )
        # Matching here has no typo tolerance of its own: every match is a match as typed.
        return Answer(results, exact_total=total)

    def correction(self, text, answer=None):
        return vocabulary.correction(text)

    def _match_text(self, query):
        """(queryset, ranking annotations or None, terms to highlight)."""
        documents = SearchDocument.objects.all()
        parsed = parse_web_search(query.text)
        terms = parsed.required
        if not query.text.strip() or not parsed:
            return documents, None, terms
        if _is_postgres():
            ts_query = PostgresQuery(query.text, config="english", search_type="websearch")
            ranking = {
                "sort_tier": self._postgres_tier(query.text),
                # Ranked on title, keywords and summary (a small in-row vector).
                "sort_relevance": SearchRank(F("rank_vector"), ts_query),
            }
            return documents.filter(search_vector=ts_query), ranking, terms
        ranking = {
            "sort_tier": self._simple_tier(query.text, parsed),
            "sort_relevance": self._simple_relevance(parsed),
        }
        return self._match_simple(documents, parsed), ranking, terms

    @staticmethod
    def _postgres_tier(text):
        """How well the row matches (EXACT_TITLE ... BODY_MATCH), from in-row columns: the
        title's own words are the rank vector's weight-A lexemes."""
        ts_query = "websearch_to_tsquery('english'::regconfig, %s)"
        title = '"search_searchdocument"."title"'
        vector = '"search_searchdocument"."rank_vector"'
        return RawSQL(
            f"CASE WHEN lower({title}) = lower(%s) THEN {EXACT_TITLE} "
            f"WHEN ts_filter({vector}, '{{a}}') @@ {ts_query} THEN {TITLE_MATCH} "
            f"WHEN {vector} @@ {ts_query} THEN {FIELD_MATCH} ELSE {BODY_MATCH} END",
            (text, text, text),
            IntegerField(),
        )

    @staticmethod
    def _simple_tier(text, parsed):
        if not parsed.required:
            return Value(BODY_MATCH)
        in_title = Q()
        in_fields = Q()
        for phrase in parsed.required:
            in_title &= Q(title__icontains=phrase)
            in_fields &= (
                Q(title__icontains=phrase)
                | Q(keywords__icontains=phrase)
                | Q(summary__icontains=phrase)
            )
        return Case(
            When(title__iexact=text, then=Value(EXACT_TITLE)),
            When(in_title, then=Value(TITLE_MATCH)),
            When(in_fields, then=Value(FIELD_MATCH)),
            default=Value(BODY_MATCH),
            output_field=IntegerField(),
        )

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
    def _sold_by(documents, query):
        """Keep to venues' services or to everything else (a document's venue is "" then)."""
        if query.venue_services is None:
            return documents
        if query.venue_services:
            return documents.exclude(venue="")
        return documents.filter(venue="")

    @staticmethod
    def _facet_filters(query):
        """facet name -> Q for each facet with a selection; values OR'ed, facets AND'ed."""
        filters = {}
        if query.kinds:
            filters["kind"] = Q(kind__in=query.kinds)
        if query.cities:
            filters["city"] = Q(city__in=query.cities)
        for name in TERM_FIELDS:
            values = getattr(query, TERM_FACETS[name])
            if values:
                filters[name] = Q(_has_any_term(name, values))
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
            filters["open_now"] = Q(_open_at(query.moment()))
        return filters

    @staticmethod
    def _open_flag(query):
        if query.kinds and not set(query.kinds) & set(OPENING_KINDS):
            return Value(False, output_field=BooleanField())
        return _open_at(query.moment())

    def _facet_counts(self, located, filters, query, ranking):
        """Every facet's counts, the total and the ids of the page's hits in one statement.

        The text and distance match runs once, into a CTE with one flag per selected facet and
        the sort keys, so the documents are read once. From it: the page of hits; one grouping
        by every small key (kind, price bucket, rating bucket, open now and the flags), from
        which the total and those facets' counts are summed here; and the city, category and
        tag counts. Each facet counts the rows where every other facet's flag holds (its own
        selection does not narrow its counts), as FacetedSearch does."""
        postgres = _is_postgres()
        base, order = self._matches(located, filters, query, ranking)
        flags = [f"f_{name}" for name in filters]
        base_sql, params = base.query.sql_with_params()
        params = list(params)
        selects = []
        flag_columns = [f"base.f_{name}" for name in filters]
        small_keys = ["kind", "price_bucket", "rating_level", "open_flag", *flags]
        padding = ", ".join(["NULL"] * len(small_keys))

        def where(name, *extra):
            conditions = [f"base.f_{other}" for other in filters if other != name]
            return " AND ".join([*conditions, *extra]) or "1 = 1"

        def add(sql, *values):
            selects.append(f"SELECT facet, value, n, {padding} FROM ({sql}) AS q{len(selects)}")
            params.extend(values)

        price_bucket, price_params = self._price_bucket_sql()
        grouped = ", ".join(
            ["base.kind", price_bucket, self._rating_level_sql(), "base.open_flag", *flag_columns]
        )
        # First in the union: its typed columns give the others' NULLs their types.
        selects.append(
            f"SELECT 'group' AS facet, NULL AS value, COUNT(*) AS n, {grouped} "
            f"FROM base GROUP BY {', '.join(str(4 + i) for i in range(len(small_keys)))}"
        )
        params += price_params
        add(
            "SELECT 'hit' AS facet, CAST(page.id AS TEXT) AS value, "
            f"ROW_NUMBER() OVER (ORDER BY {order('page')}) AS n FROM "
            f"(SELECT * FROM base WHERE {where(None)} ORDER BY {order('base')} "
            "LIMIT %s OFFSET %s) AS page",
            query.page_size,
            query.offset,
        )
        has_city = "base.city <> ''"
        add(
            "SELECT 'city' AS facet, base.city AS value, COUNT(*) AS n FROM base "
            f"WHERE {where('city', has_city)} GROUP BY base.city "
            f"ORDER BY n DESC, value LIMIT {TERM_FACET_SIZE}"
        )
        for name in TERM_FIELDS:
            if postgres:
                values = f"SELECT unnest(base.{name}_terms) AS value FROM base"
            else:
                values = f"SELECT t.value FROM base, json_each(base.{TERM_FACETS[name]}) AS t"
            # Each document lists a value once (see Document): counts need no DISTINCT.
            add(
                f"SELECT '{name}' AS facet, t.value AS value, COUNT(*) AS n "
                f"FROM ({values} WHERE {where(name)}) AS t GROUP BY t.value "
                f"ORDER BY n DESC, value LIMIT {TERM_FACET_SIZE}"
            )
        materialized = "MATERIALIZED " if postgres else ""
        sql = f"WITH base AS {materialized}({base_sql}) " + " UNION ALL ".join(selects)
        counts, groups = {}, []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, value, count, *keys in cursor.fetchall():
                if facet == "group":
                    groups.append((count, dict(zip(small_keys, keys, strict=True))))
                else:
                    counts.setdefault(facet, {})[value] = count
        total, tallied = self._sum_groups(groups, filters)
        counts.update(tallied)
        page = counts.pop("hit", {})
        page_ids = [int(pk) for pk in sorted(page, key=page.get)]
        return counts, total, page_ids

    def _matches(self, located, filters, query, ranking):
        """(values queryset of the rows the counts and the page read, ORDER BY function)."""
        postgres = _is_postgres()
        located = self._rows_that_count(located, filters)
        flags = {
            f"f_{name}": ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in filters.items()
        }
        sort_columns, order = self._order(query, ranking)
        if filters:
            # Only rows that pass every facet can be on the page: rank just those.
            every = functools.reduce(operator.and_, filters.values())
            sort_columns = {
                name: Case(When(every, then=expression), default=None, output_field=FloatField())
                for name, expression in sort_columns.items()
            }
        # What the category and tag counts read: text arrays on PostgreSQL, else the JSON lists.
        if postgres:
            term_values = [f"{name}_terms" for name in TERM_FIELDS]
        else:
            term_values = [TERM_FACETS[name] for name in TERM_FIELDS]
        base = located.annotate(**flags, **sort_columns, open_flag=self._open_flag(query)).values(
            "id",
            "kind",
            "object_id",
            "city",
            "price",
            "rating",
            "top_score",
            "published_at",
            "available",
            "open_flag",
            *flags,
            *sort_columns,
            *term_values,
        )
        return base, order

    @staticmethod
    def _rows_that_count(located, filters):
        """A row failing two selections counts nowhere (each facet's count lets only its own
        selection go): with two or more, keep the rows failing at most one."""
        if len(filters) < 2:
            return located
        all_but = (
            functools.reduce(operator.and_, (q for name, q in filters.items() if name != let))
            for let in filters
        )
        return located.filter(functools.reduce(operator.or_, all_but))

    @staticmethod
    def _price_bucket_sql():
        cases, params = [], []
        for low, high in PRICE_BUCKETS:
            if high is not None:
                cases.append("WHEN base.price < %s THEN %s")
                params += [high, price_bucket_value(low, high)]
        last_low, last_high = PRICE_BUCKETS[-1]
        sql = f"CASE WHEN base.price IS NULL THEN NULL {' '.join(cases)} ELSE %s END"
        return sql, [*params, price_bucket_value(last_low, last_high)]

    @staticmethod
    def _rating_level_sql():
        """The highest rating bucket a row reaches (buckets are "at least N stars")."""
        cases = " ".join(
            f"WHEN base.rating >= {float(stars)} THEN {int(stars)}"
            for stars in sorted(RATING_BUCKETS, reverse=True)
        )
        return f"CASE {cases} END"

    @staticmethod
    def _sum_groups(groups, filters):
        """(total, {facet: Counter}) for kind, price, rating and open now from grouped rows."""

        def holds(keys, facet):
            return all(keys[f"f_{other}"] for other in filters if other != facet)

        total, tally = 0, defaultdict(Counter)
        for n, keys in groups:
            if holds(keys, None):
                total += n
            if holds(keys, "kind"):
                tally["kind"][keys["kind"]] += n
            if keys["price_bucket"] is not None and holds(keys, "price"):
                tally["price"][keys["price_bucket"]] += n
            level = keys["rating_level"]
            if level is not None and holds(keys, "rating"):
                for stars in RATING_BUCKETS:
                    tally["rating"][str(stars)] += n if level >= stars else 0
            if keys["open_flag"] and holds(keys, "open_now"):
                tally["open_now"]["true"] += n
        return total, tally

    @staticmethod
    def _order(query, ranking):
        """(sort-key annotations, function of a table alias -> ORDER BY list).

        Relevance: match quality (exact title, title, other fields, body), then what can be
        bought now, then commerce kinds before editorial ones, then the text rank, newest."""
        sort = query.effective_sort()
        if sort == "relevance" and ranking is None:
            sort = "newest"
        newest = [("published_at", "DESC NULLS LAST")]
        columns = {}
        if sort == "relevance":
            columns = {
                **ranking,
                "sort_commerce": Case(
                    When(kind__in=COMMERCE_KINDS, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            }
            keys = [
                ("sort_tier", "DESC"),
                ("available", "DESC"),
                ("sort_commerce", "DESC"),
                ("sort_relevance", "DESC"),
                *newest,
            ]
        elif sort == "price":
            keys = [("price", "ASC NULLS LAST")]
        elif sort == "-price":
            keys = [("price", "DESC NULLS LAST")]
        elif sort == "rating":
            # "Top rated": the score that weighs how many reviews, then the plain average.
            keys = [("top_score", "DESC NULLS LAST"), ("rating", "DESC NULLS LAST"), *newest]
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
            review_count=row["review_count"],
            city=row["city"],
            lat=row["latitude"],
            lon=row["longitude"],
            categories=row["categories"],
            tags=row["tags"],
            published_at=row["published_at"],
            highlight=text_highlight or highlight(row["title"], terms),
            available=row["available"],
            venue=row["venue"],
        )

    def suggest(self, prefix, limit=4):
        words = PREFIX_WORD.findall(prefix.lower())
        if not words or len(" ".join(words)) < 2:
            return []
        matches = self._title_word_matches(words)
        # One short walk of the title index per group, stopping at the limit; on PostgreSQL
        # all in one statement (UNION ALL of the limited walks).
        walks = [
            matches.filter(kind__in=group_kinds(name))
            .order_by("title", *ORDER_TIE_BREAK)
            .values(*SUGGESTION_FIELDS)[:limit]
            for name, _label, _kinds in SUGGESTION_GROUPS
        ]
        if connection.features.supports_slicing_ordering_in_compound:
            rows = list(walks[0].union(*walks[1:], all=True))
        else:
            rows = [row for walk in walks for row in walk]
        order = [name for name, _label, _kinds in SUGGESTION_GROUPS]
        return sorted(
            (Suggestion(**row) for row in rows),
            key=lambda row: (order.index(row.group), row.title.lower(), row.kind, row.key),
        )

    @staticmethod
    def _title_word_matches(words):
        """Documents whose title has words starting with each word typed, in order."""
        if _is_postgres():
            # Every word typed starts a word of the title: a GIN-indexed prefix query.
            ts_query = " & ".join([*words[:-1], f"{words[-1]}:*"])
            return SearchDocument.objects.filter(
                RawSQL(
                    "to_tsvector('simple'::regconfig, title) @@ to_tsquery('simple', %s)",
                    [ts_query],
                    output_field=BooleanField(),
                )
            )
        phrase = " ".join(words)
        return SearchDocument.objects.filter(
            Q(title__istartswith=phrase) | Q(title__icontains=f" {phrase}")
        )
