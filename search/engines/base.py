"""The interface every engine implements; views, tasks and commands only use this."""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from core.metrics import timed_search
from search.documents import Document
from search.query import FEW_RESULTS, SearchQuery, SearchResults, Suggestion


class SearchUnavailable(Exception):
    """The engine cannot answer now (down, unreachable or too slow); pages say so, never 500."""


@dataclass
class Answer:
    """One search as an engine ran it: the results, and how many documents matched the text
    as typed (typo tolerance left out), which decides whether to offer a correction."""

    results: SearchResults
    exact_total: int
    # What the engine learnt about the query's spelling while answering (engine-specific).
    spelling: object = None


class SearchEngine:
    name = ""
    # Errors worth retrying an indexing task for (connection drops, timeouts).
    transient_errors: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)

    def supports_typos(self):
        """Whether free text tolerates typos (every engine does now; see search/spelling.py)."""
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
        """Hits, total and facet counts; raises SearchUnavailable when the engine is down.

        A query matching fewer than FEW_RESULTS documents as typed is checked for spelling:
        when a corrected query matches more, it is offered as `did_you_mean`, and when the
        query as typed matched nothing, the corrected query's results are shown instead."""
        with timed_search(self.name):
            return self.search_with_correction(query)

    def search_with_correction(self, query: SearchQuery) -> SearchResults:
        answer = self.run(query)
        if not query.text or answer.exact_total >= FEW_RESULTS:
            return answer.results
        correction = self.correction(query.text, answer)
        if not correction:
            return answer.results
        corrected = self.run(replace(query, text=correction))
        if corrected.exact_total <= answer.exact_total:
            return answer.results
        results = corrected.results if answer.exact_total == 0 else answer.results
        results.did_you_mean = correction
        results.shows_correction = results is corrected.results
        return results

    def run(self, query: SearchQuery) -> Answer:
        """One search of the text as given (the engine's own typo tolerance included)."""
        raise NotImplementedError

    def correction(self, text: str, answer: Answer | None = None) -> str:
        """The text with its unknown words corrected (see search/spelling.py), or ""."""
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 4) -> list[Suggestion]:
        """Documents whose title has a word starting with what was typed, grouped as the search
        box shows them (SUGGESTION_GROUPS: venues, services and products, pages and posts),
        at most `limit` per group, by title within a group; raises SearchUnavailable when the
        engine is down."""
        raise NotImplementedError

    def check(self) -> None:
        """Raise if the engine cannot serve searches (for /readyz)."""
        raise NotImplementedError
