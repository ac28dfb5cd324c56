"""What the search JSON endpoints answer, shared by /search/api/, /search/suggest/ and the
versioned API (/api/v1/search/), so they cannot drift apart."""

from .engines import get_engine
from .forms import MAX_QUERY_LENGTH, SearchParamsForm
from .presentation import suggestion_payload

SUGGESTIONS_PER_GROUP = 4


class InvalidSearch(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("Invalid parameters")
        self.errors = errors


def search_answer(params) -> dict:
    """Results for the query in `params` (a QueryDict); InvalidSearch for bad parameters,
    SearchUnavailable when the engine is down."""
    form = SearchParamsForm(params)
    if not form.is_valid():
        raise InvalidSearch(form.error_summary())
    query = form.to_query()
    results = get_engine().search(query)
    return {
        "total": results.total,
        "page": results.page,
        "page_size": results.page_size,
        "results": [hit.as_json(query.has_point) for hit in results.hits],
        "did_you_mean": results.did_you_mean or None,
        "facets": {
            name: [vars(value) for value in values] for name, values in results.facets.items()
        },
    }


def suggest_answer(prefix: str) -> dict:
    """What the search box's combobox lists: documents grouped by kind, each with what its
    option shows (image, price, venue or city), and a corrected query when nothing matched."""
    if len(prefix) > MAX_QUERY_LENGTH:
        raise InvalidSearch({"q": f"Ensure this value has at most {MAX_QUERY_LENGTH} characters."})
    engine = get_engine()
    suggestions = engine.suggest(prefix, SUGGESTIONS_PER_GROUP)
    correction = "" if suggestions or len(prefix.strip()) < 4 else engine.correction(prefix)
    return suggestion_payload(prefix, suggestions, correction)
