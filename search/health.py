"""Readiness of the configured search engine (used by /readyz)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .engines import ENGINES


def check_search_engine():
    engine = settings.SEARCH_ENGINE
    if engine not in ENGINES:
        raise ImproperlyConfigured(f"SEARCH_ENGINE must be one of {tuple(ENGINES)}, not {engine!r}")
    if engine == "elasticsearch":
        from elasticsearch import Elasticsearch

        from .engines.elastic import ElasticsearchEngine

        if not settings.ELASTICSEARCH_URL:
            raise ImproperlyConfigured(
                "SEARCH_ENGINE is elasticsearch but ELASTICSEARCH_URL is unset"
            )
        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=settings.READYZ_TIMEOUT_SECONDS
        )
        ElasticsearchEngine(client=client).check()
        return
    from .engines.database import DatabaseEngine

    DatabaseEngine().check()  # the documents table answers a query
