"""The configured search engine: `settings.SEARCH_ENGINE` is "database" or "elasticsearch"."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

ENGINES = {
    "database": "search.engines.database.DatabaseEngine",
    "elasticsearch": "search.engines.elastic.ElasticsearchEngine",
}


def get_engine(name=None):
    name = name or settings.SEARCH_ENGINE
    if name not in ENGINES:
        raise ImproperlyConfigured(f"SEARCH_ENGINE must be one of {tuple(ENGINES)}, not {name!r}")
    return import_string(ENGINES[name])()
