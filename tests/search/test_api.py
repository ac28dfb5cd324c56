"""/search/api/, /search/suggest/ and the /search/ page: answers, bad input, query counts."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.documents import Document

pytestmark = pytest.mark.django_db

API = "/search/api/"


@pytest.fixture
def indexed(engine, home_page):
    return engine


def test_api_answers_hits_and_facets(client, indexed):
    response = client.get(API, {"q": "candle", "sort": "price"})
    assert response.status_code == 200
    data = response.json()
    assert (data["total"], data["page"], data["page_size"]) == (2, 1, 20)
    first = data["results"][0]
    assert first == {
        "id": "product:11",
        "kind": "product",
        "title": "Sea salt candle",
        "url": "/shop/catalogue/sea-salt-candle_11/",
        "summary": "A candle scented with sea salt and driftwood",
        "image": "",
        "price": "8.75",
        "rating": 3.1,
        "city": "",
        "lat": None,
        "lon": None,
        "highlight": first["highlight"],
    }
    assert "<mark>" in first["highlight"]
    kinds = {facet["value"]: facet for facet in data["facets"]["kind"]}
    assert kinds["product"] == {
        "value": "product",
        "label": "Products",
        "count": 2,
        "selected": False,
    }
    assert set(data["facets"]) == {"kind", "category", "tag", "city", "price", "rating", "open_now"}


def test_api_repeatable_parameters_and_distance(client, indexed):
    response = client.get(
        API,
        {
            "kind": ["venue", "page"],
            "city": ["Portmarrow", "Tregarth"],
            "lat": "50.12",
            "lon": "-5.53",
            "radius_km": "50",
            "sort": "distance",
        },
    )
    data = response.json()
    assert [hit["id"] for hit in data["results"]] == ["venue:1", "venue:2", "venue:3"]
    assert data["results"][0]["distance_km"] == pytest.approx(0.713, abs=0.001)
    assert "distance_km" not in client.get(API).json()["results"][0]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"lat": "91", "lon": "0"}, "lat"),
        ({"lat": "50", "lon": "-181"}, "lon"),
        ({"lat": "50"}, "lon"),
        ({"lat": "50", "lon": "0", "radius_km": "-1"}, "radius_km"),
        ({"lat": "50", "lon": "0", "radius_km": "100000"}, "radius_km"),
        ({"radius_km": "5"}, "radius_km"),
        ({"sort": "cheapest"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": "500"}, "page_size"),
        ({"price_min": "cheap"}, "price_min"),
        ({"price_min": "20", "price_max": "10"}, "price_max"),
        ({"rating_min": "6"}, "rating_min"),
        ({"kind": "spaceship"}, "kind"),
        ({"q": "x" * 201}, "q"),
        ({"tag": [f"t{n}" for n in range(21)]}, "tag"),
        ({"lat": "nan", "lon": "0"}, "lat"),
    ],
)
def test_api_bad_input_is_400_naming_the_parameter(client, indexed, params, parameter):
    response = client.get(API, params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "91", "lon": "0"},
        {"page": "0"},
        {"sort": "cheapest", "q": "candle"},
        {"q": "candle " * 60},
        {"price_min": "cheap", "q": "candle"},
        {"page": "400"},
        {"lat": "inf", "lon": "0", "radius_km": "-5"},
    ],
)
def test_page_drops_bad_input_with_a_notice(client, indexed, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert response.context["notices"]
    assert "left them out" in response.content.decode() or "only" in response.content.decode()


def test_page_renders_cards_facets_sort_and_pages(client, indexed):
    response = client.get("/search/", {"q": "candle", "page_size": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 results" in html and "Page 1 of 2" in html
    assert "<mark>" in html
    assert 'href="?q=candle&amp;page_size=1&amp;kind=product"' in html
    assert "Price: low to high" in html
    assert response.context["hits"][0].card_template == "search/cards/product.html"


def test_page_facet_links_toggle(client, indexed):
    response = client.get("/search/", {"kind": "venue", "open_now": "1"})
    groups = {group.name: group for group in response.context["facet_groups"]}
    venue = next(link for link in groups["kind"].links if link.label == "Venues")
    assert venue.selected and venue.url == "?open_now=1"


def test_suggest(client, indexed):
    response = client.get("/search/suggest/", {"q": "harb"})
    assert [row["title"] for row in response.json()["suggestions"]] == [
        "Harbour Coffee House",
        "Harbour tote bag",
    ]
    assert client.get("/search/suggest/").json()["suggestions"] == []
    assert client.get("/search/suggest/", {"q": "x" * 300}).status_code == 400


def test_search_page_queries_do_not_grow_with_documents(client, empty_engine, home_page):
    def add(start, count):
        empty_engine.index(
            [
                Document(
                    kind="product",
                    object_id=n,
                    title=f"Mug {n}",
                    url=f"/m/{n}/",
                    categories=[f"Cat {n}"],
                    tags=["mug"],
                    price=D(n),
                    rating=4.0,
                    city=f"Town {n}",
                    lat=50.0,
                    lon=-5.0,
                )
                for n in range(start, start + count)
            ]
        )

    add(1, 3)
    params = {"q": "mug", "lat": "50", "lon": "-5", "radius_km": "10"}
    client.get("/search/", params)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/search/", params).status_code == 200
    add(4, 30)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/search/", params)
    assert len(response.context["hits"]) == 20
    assert len(many) == len(few) <= 12, "\n".join(q["sql"] for q in many.captured_queries)
