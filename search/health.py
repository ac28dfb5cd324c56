"""Readiness of the configured search engine."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENGINES = ("database", "elasticsearch")


def check_search_engine():
    engine = settings.SEARCH_ENGINE
    if engine not in ENGINES:
        raise ImproperlyConfigured(f"SEARCH_ENGINE must be one of {ENGINES}, not {engine!r}")
    if engine == "elasticsearch":
        from elasticsearch import Elasticsearch

        if not settings.ELASTICSEARCH_URL:
            raise ImproperlyConfigured(
                "SEARCH_ENGINE is elasticsearch but ELASTICSEARCH_URL is unset"
            )
        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=settings.READYZ_TIMEOUT_SECONDS
        )
        if not client.ping():
            raise ConnectionError("Elasticsearch did not answer the ping")
    # The database engine lives in the database, which has its own check.
