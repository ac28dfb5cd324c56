"""The database engine's index: the same flat documents the Elasticsearch engine stores.

On PostgreSQL migrations add a trigger that keeps the weighted `search_vector` tsvector column
in step with the text (a stored vector with a GIN index), a small `rank_vector` for ranking and
a `facet_terms` text array of the categories and tags for filters and counts; trigram indexes
serve typo tolerance and suggestions. Long columns are stored out of line, so the rows a search
visits stay narrow (migration 0006).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    key = models.CharField(max_length=80, unique=True)  # "<kind>:<object id>"
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    image = models.CharField(max_length=500, blank=True)
    # Shown on result cards; filters and facet counts use SearchTerm rows (facet_terms on
    # PostgreSQL).
    categories = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    # Space-separated categories and tags, weighted into the text search.
    keywords = models.TextField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=40)
    # Filled by a PostgreSQL trigger from title, keywords, summary and body; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The same without the body: ranking reads this small in-row vector, not the long one.
    rank_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "city"], name="search_doc_kind_city"),
            models.Index(fields=["latitude", "longitude"], name="search_doc_location"),
            models.Index(fields=["price"], name="search_doc_price"),
            models.Index(fields=["rating"], name="search_doc_rating"),
            models.Index(fields=["-published_at", "key"], name="search_doc_newest"),
            # Suggestions for short, common prefixes: walk titles in order, stop at the limit.
            models.Index(fields=["title", "kind", "object_id"], name="search_doc_title_order"),
        ]

    def __str__(self):
        return self.key


class SearchTerm(models.Model):
    """One category or tag of a document: indexable filters and facet counts on any database."""

    CATEGORY, TAG = "category", "tag"

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="terms")
    field = models.CharField(max_length=10, choices=[(CATEGORY, "Category"), (TAG, "Tag")])
    value = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["field", "value", "document"], name="search_term_unique"
            )
        ]
        indexes = [models.Index(fields=["document", "field"], name="search_term_document")]

    def __str__(self):
        return f"{self.field}: {self.value}"


class SearchOpeningPeriod(models.Model):
    """When a document's place is open over the coming days: [opens, closes)."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="opening_periods"
    )
    opens = models.DateTimeField()
    closes = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["opens", "closes"], name="search_opening_period")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="search_opening_ordered"
            )
        ]

    def __str__(self):
        return f"{self.opens}–{self.closes}"
