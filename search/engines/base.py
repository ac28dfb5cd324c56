"""The interface every engine implements; views, tasks and commands only use this."""

from collections.abc import Iterable

from search.documents import Document
from search.query import SearchQuery, SearchResults


class SearchUnavailable(Exception):
    """The engine cannot answer now (down, unreachable or too slow); pages say so, never 500."""


class SearchEngine:
    name = ""
    # Errors worth retrying an indexing task for (connection drops, timeouts).
    transient_errors: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)

    def supports_typos(self):
        """Whether free text tolerates typos (the SQLite fallback does not)."""
        return True

    def index(self, documents: list[Document]) -> None:
        """Add or replace these documents."""
        raise NotImplementedError

    def delete(self, keys: Iterable[str]) -> None:
        """Remove documents by key; unknown keys are ignored."""
        raise NotImplementedError

    def rebuild(self, batches: Iterable[list[Document]]) -> int:
        """Replace the whole index with these documents at once; returns how many."""
        raise NotImplementedError

    def fingerprints(self, kind: str) -> dict[str, str]:
        """key -> fingerprint of every stored document of one kind (for reconciliation)."""
        raise NotImplementedError

    def counts(self) -> dict[str, int]:
        """Documents stored per kind."""
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits, total and facet counts; raises SearchUnavailable when the engine is down."""
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """Titles completing what was typed: [{title, url, kind}], ordered by title; raises
        SearchUnavailable when the engine is down."""
        raise NotImplementedError

    def check(self) -> None:
        """Raise if the engine cannot serve searches (for /readyz)."""
        raise NotImplementedError
