"""/api/v1/search/ and /api/v1/search/suggest/: the site search's JSON answers
(search.answers), rate limited per client IP as the old /search/api/ and /search/suggest/."""

from typing import Any

from ninja import Field, Query, Router, Schema

from search.answers import InvalidSearch, search_answer, suggest_answer
from search.engines.base import SearchUnavailable
from throttling.limits import over_limit, rates_for

from .errors import ApiError, error_response
from .schemas import CLIENT_ERRORS, ErrorOut

router = Router(tags=["search"])

UNAVAILABLE = "Search is unavailable right now. Please try again in a minute."


class SearchParams(Schema):
    """Validated by the site search's own form; described here for the schema."""

    q: str | None = None
    kind: list[str] | None = None
    category: list[str] | None = None
    tag: list[str] | None = None
    city: list[str] | None = None
    price_min: str | None = None
    price_max: str | None = None
    rating_min: str | None = None
    open_now: str | None = None
    lat: str | None = None
    lon: str | None = None
    radius_km: str | None = None
    sort: str | None = Field(
        None, description="relevance, newest, price, -price, rating or distance"
    )
    page: str | None = None
    page_size: str | None = None


class SearchOut(Schema):
    total: int
    page: int
    page_size: int
    results: list[dict[str, Any]]
    did_you_mean: str | None
    facets: dict[str, list[dict[str, Any]]]


class SuggestParams(Schema):
    q: str = ""


RESPONSES = {**CLIENT_ERRORS, 503: ErrorOut}


def limited(request, action):
    if over_limit(request, action):
        retry = min((rate.seconds for rate in rates_for(action)), default=60)
        raise ApiError(429, headers={"Retry-After": str(retry)})


def answer(request, action, produce):
    limited(request, action)
    try:
        return produce()
    except InvalidSearch as error:
        return error_response(400, "Invalid parameters", {k: [v] for k, v in error.errors.items()})
    except SearchUnavailable:
        return error_response(503, UNAVAILABLE)


@router.get("/", response={200: SearchOut, **RESPONSES})
def search(request, params: Query[SearchParams]):
    return answer(request, "search", lambda: search_answer(request.GET))


@router.get("/suggest/", response={200: dict[str, Any], **RESPONSES})
def suggest(request, params: Query[SuggestParams]):
    return answer(request, "search_suggest", lambda: suggest_answer(params.q))
