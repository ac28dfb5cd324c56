"""/api/v1/search/ and /api/v1/search/suggest/: the site search's JSON answers
(search.answers), rate limited per client IP as the old /search/api/ and /search/suggest/."""

from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from search.answers import InvalidSearch, search_answer, suggest_answer
from search.engines.base import SearchUnavailable
from search.forms import MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, MAX_RADIUS_KM, MAX_VALUES
from throttling.limits import over_limit, rates_for

from .errors import ApiError, error_response
from .schemas import CLIENT_ERRORS, ErrorOut

router = Router(tags=["search"])

UNAVAILABLE = "Search is unavailable right now. Please try again in a minute."


Sort = Literal["relevance", "newest", "price", "-price", "rating", "distance"]


class SearchParams(Schema):
    """Described for the schema; the site search's own form validates them again, with the
    rules between parameters (lat needs lon, price_max above price_min: 400)."""

    q: str | None = Field(None, max_length=MAX_QUERY_LENGTH)
    kind: list[str] | None = Field(None, max_length=MAX_VALUES, description="product, venue, …")
    category: list[str] | None = Field(None, max_length=MAX_VALUES)
    tag: list[str] | None = Field(None, max_length=MAX_VALUES)
    city: list[str] | None = Field(None, max_length=MAX_VALUES)
    price_min: Decimal | None = Field(None, ge=0, le=1_000_000, decimal_places=2)
    price_max: Decimal | None = Field(None, ge=0, le=1_000_000, decimal_places=2)
    rating_min: float | None = Field(None, ge=0, le=5)
    open_now: bool | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius_km: float | None = Field(None, ge=0.1, le=MAX_RADIUS_KM)
    sort: Sort | None = None
    page: int | None = Field(None, ge=1, le=MAX_PAGE)
    page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class SearchOut(Schema):
    total: int
    page: int
    page_size: int
    results: list[dict[str, Any]]
    did_you_mean: str | None
    facets: dict[str, list[dict[str, Any]]]


class SuggestParams(Schema):
    q: str = Field("", max_length=MAX_QUERY_LENGTH)


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
