"""Demo data step: index everything the demo built (bulk creation sends no signals)."""

from search.engines import get_engine
from search.indexing import all_documents


def build_search_index():
    get_engine().rebuild(all_documents())
