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
        "review_count": 0,
        "city": "",
        "lat": None,
        "lon": None,
        "highlight": first["highlight"],
        "available": True,
        "venue": "",
    }
    assert "<mark>" in first["highlight"]
    assert data["did_you_mean"] is None
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
    assert client.get("/search/suggest/", {"q": "ha\x00rb"}).status_code == 400


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


# ---- did you mean, the combobox's answers and markup, the no-JS form ----


@pytest.fixture
def spa(spa_engine, home_page):
    return spa_engine


def test_api_offers_did_you_mean(client, spa):
    data = client.get(API, {"q": "masage"}).json()
    assert data["did_you_mean"] == "massage"
    assert "product:111" in [hit["id"] for hit in data["results"]]
    oil = next(hit for hit in data["results"] if hit["id"] == "product:114")
    assert oil["available"] is False
    service = next(hit for hit in data["results"] if hit["id"] == "product:111")
    assert service["venue"] == "Saltwater Spa"


def test_page_links_the_correction_and_shows_venue_and_availability(client, spa):
    response = client.get("/search/", {"q": "masage"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="?q=massage"' in html
    assert "Hot stone massage" in html and "· Saltwater Spa" in html
    assert "Currently unavailable" in html
    assert html.count("Currently unavailable") == 1
    assert "Amira" not in html  # staff names find the venue but are never its snippet


def test_suggest_answers_what_the_combobox_shows(client, spa):
    data = client.get("/search/suggest/", {"q": "mas"}).json()
    assert [group["name"] for group in data["groups"]] == ["venues", "shop", "reading"]
    assert data["groups"][1]["label"] == "Services & products"
    service = next(row for row in data["suggestions"] if row["id"] == "product:111")
    assert service == {
        "id": "product:111",
        "kind": "product",
        "group": "shop",
        "title": "Hot stone massage",
        "url": "/shop/catalogue/hot-stone-massage_111/",
        "image": "",
        "price": "85.00",
        "price_display": service["price_display"],
        "city": "",
        "venue": "Saltwater Spa",
        "available": True,
    }
    assert "85.00" in service["price_display"]
    urls = [row["url"] for row in data["suggestions"]]
    assert len(urls) == len(set(urls))
    assert data["did_you_mean"] is None


def test_suggest_offers_a_correction_when_nothing_completes(client, spa):
    data = client.get("/search/suggest/", {"q": "masage"}).json()
    assert data["suggestions"] == []
    assert data["did_you_mean"] == "massage"


def test_suggest_and_api_answer_503_when_the_engine_is_down(client, spa, monkeypatch):
    from search.engines.base import SearchUnavailable

    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(type(spa), "suggest", down)
    monkeypatch.setattr(type(spa), "run", down)
    assert client.get("/search/suggest/", {"q": "mas"}).status_code == 503
    assert client.get(API, {"q": "mas"}).status_code == 503


def test_header_search_box_is_a_plain_form_enhanced_into_a_combobox(client, home_page):
    html = client.get("/search/").content.decode()
    # Without JavaScript: a GET form to /search/ with a labelled text box named q.
    assert '<form class="site-search" role="search" action="/search/" method="get">' in html
    assert '<label class="sr-only" for="site-search-q">' in html
    assert 'id="site-search-q" name="q"' in html
    # What the script needs: the suggest URL, and a hidden listbox and live region to fill.
    assert 'data-suggest-url="/search/suggest/"' in html
    assert 'data-listbox="site-search-q-listbox"' in html
    assert 'id="site-search-q-listbox" role="listbox"' in html
    assert 'id="site-search-q-status" role="status" aria-live="polite"' in html
    # The combobox role is the script's to add: without it the box must not claim one.
    assert 'role="combobox"' not in html
    assert html.count("search/combobox.css") == 1


@pytest.mark.parametrize("text", ["x" * 5000, "<script>"])
def test_odd_input_never_errors(client, spa, text):
    assert client.get("/search/", {"q": text}).status_code == 200
    assert client.get(API, {"q": text}).status_code in (200, 400)
    assert client.get("/search/suggest/", {"q": text}).status_code in (200, 400)


@pytest.mark.parametrize("text", ["can\x00dle", "\x00"])
def test_control_characters_are_refused_with_a_message(client, spa, text):
    page = client.get("/search/", {"q": text})
    assert page.status_code == 400
    assert "control characters" in page.content.decode()
    for url in (API, "/search/suggest/"):
        response = client.get(url, {"q": text})
        assert response.status_code == 400
        assert "control characters" in response.json()["error"]
