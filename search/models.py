"""The database engine's index: the same flat documents the Elasticsearch engine stores.

One row per document holds everything a search filters and counts on. On PostgreSQL
migrations add a trigger that keeps, in step with the row: the weighted `search_vector`
tsvector (GIN-indexed), a small `rank_vector` for ranking, `category_terms` and `tag_terms`
text arrays and an `open_ranges` tstzmultirange of the opening periods. Long columns are stored
out of line, so the rows a search visits stay narrow; trigram indexes serve typo tolerance and
suggestions. SQLite reads the JSON lists themselves.

Trigger-kept columns are declared below as read-only fields: `editable=False`, and a
`db_default` so that an insert sends DEFAULT rather than a value (the engine's upserts name
their columns and leave them out). The trigger overwrites whatever a write sends. On SQLite
they are placeholder columns that keep their default.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from .fields import DateTimeMultiRangeField

# The empty array or multirange as a plain literal: PostgreSQL reads it as the column's type,
# and SQLite (which has no casts) takes it as text.
EMPTY = models.Value("{}", output_field=models.TextField())


class SearchDocument(models.Model):
    key = models.CharField(max_length=80, unique=True)  # "<kind>:<object id>"
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    image = models.CharField(max_length=500, blank=True)
    # Shown on result cards and counted as facets (as text arrays on PostgreSQL).
    categories = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    # Space-separated categories and tags, weighted into the text search.
    keywords = models.TextField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)
    review_count = models.PositiveIntegerField(default=0)
    # The "top rated" sort key: a Bayesian average that weighs the number of reviews.
    top_score = models.FloatField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # [[opens, closes], ...] as UTC "YYYY-MM-DDTHH:MM:SSZ" strings, which sort as instants.
    open_periods = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=40)
    # False for products that cannot be bought now: they rank after the rest.
    available = models.BooleanField(default=True)
    # The venue offering a service, shown beside its title.
    venue = models.CharField(max_length=255, blank=True)
    # Filled by a PostgreSQL trigger from title, keywords, summary and body; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The same without the body: ranking reads this small in-row vector, not the long one.
    rank_vector = SearchVectorField(null=True, editable=False)
    # Filled by the same trigger: `categories` and `tags` as text arrays (facet counts and
    # filters) and `open_periods` as one multirange ("open now"). Unused on SQLite.
    category_terms = ArrayField(models.TextField(), db_default=EMPTY, editable=False)
    tag_terms = ArrayField(models.TextField(), db_default=EMPTY, editable=False)
    open_ranges = DateTimeMultiRangeField(db_default=EMPTY, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "city"], name="search_doc_kind_city"),
            models.Index(fields=["latitude", "longitude"], name="search_doc_location"),
            models.Index(fields=["price"], name="search_doc_price"),
            models.Index(fields=["rating"], name="search_doc_rating"),
            models.Index(fields=["top_score"], name="search_doc_top_score"),
            models.Index(fields=["-published_at", "key"], name="search_doc_newest"),
            # Suggestions for short, common prefixes: walk titles in order, stop at the limit.
            models.Index(fields=["title", "kind", "object_id"], name="search_doc_title_order"),
        ]

    def __str__(self):
        return self.key


class SearchWord(models.Model):
    """A word of the documents' titles, summaries, categories, tags and search terms, with how
    many documents use it: what spelling corrections choose from (on PostgreSQL through a
    trigram index). The engine keeps the counts in step as it indexes and deletes."""

    word = models.CharField(max_length=40, unique=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word


class SearchRecord(models.Model):
    """One search made on the search page: what was asked and how many results it found.

    Never who asked: no user, session, address or browser is stored, and the query is
    normalised with e-mail addresses and long numbers masked (see search/analytics.py)."""

    searched_at = models.DateTimeField(default=timezone.now)
    query = models.CharField(max_length=200)
    engine = models.CharField(max_length=20)
    results = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["searched_at"], name="search_record_when"),
            models.Index(fields=["query", "searched_at"], name="search_record_query"),
        ]
        permissions = [("view_search_report", "Can view the search report")]

    def __str__(self):
        return self.query


class SearchClick(models.Model):
    """A result opened from a recorded search: which one, at which position."""

    search = models.ForeignKey(SearchRecord, on_delete=models.CASCADE, related_name="clicks")
    clicked_at = models.DateTimeField(default=timezone.now)
    result = models.CharField(max_length=80)  # "<kind>:<object id>"
    position = models.PositiveSmallIntegerField()

    def __str__(self):
        return f"{self.search_id} → {self.result}"
