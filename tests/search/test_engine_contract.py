"""One contract for every engine: the same documents give the same hits, counts and order."""

from decimal import Decimal as D

import pytest

from search.query import SearchQuery, haversine_km

from .conftest import when

pytestmark = pytest.mark.django_db

MONDAY_9AM = when(2024, 3, 4, 9, 0)
MONDAY_2PM = when(2024, 3, 4, 14, 0)


def keys(results):
    return [hit.key for hit in results.hits]


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet] if value.count}


def selected(results, facet):
    return [value.value for value in results.facets[facet] if value.selected]


def test_browsing_everything_lists_newest_first(engine):
    results = engine.search(SearchQuery())
    assert results.total == 8
    assert keys(results) == [
        "product:11",
        "product:10",
        "venue:2",
        "product:12",
        "venue:1",
        "product:13",
        "venue:3",
        "page:20",
    ]


def test_text_matches_word_forms_in_any_field(engine):
    assert set(keys(engine.search(SearchQuery(text="candle")))) == {"product:10", "product:11"}
    assert set(keys(engine.search(SearchQuery(text="candles")))) == {"product:10", "product:11"}
    assert keys(engine.search(SearchQuery(text="sourdough"))) == ["venue:2"]
    assert keys(engine.search(SearchQuery(text="deliver"))) == ["page:20"]


def test_every_word_must_match_and_minus_excludes(engine):
    assert keys(engine.search(SearchQuery(text="sea salt candle"))) == ["product:11"]
    assert keys(engine.search(SearchQuery(text="candle -beeswax"))) == ["product:11"]
    assert keys(engine.search(SearchQuery(text="no such thing anywhere"))) == []


def test_relevance_puts_title_matches_before_tag_matches(engine):
    results = engine.search(SearchQuery(text="coffee"))
    assert keys(results) == ["venue:1", "venue:2"]


def test_a_summary_match_ranks_before_a_newer_body_match(empty_engine):
    from search.documents import Document

    empty_engine.index(
        [
            Document(
                kind="page",
                object_id=1,
                title="Opening times",
                url="/times/",
                body="Lanterns are lit at dusk along the quay.",
                published_at=when(2024, 5, 1, 9, 0),
            ),
            Document(
                kind="page",
                object_id=2,
                title="Evening walks",
                url="/walks/",
                summary="Lantern walks along the harbour.",
                published_at=when(2023, 5, 1, 9, 0),
            ),
        ]
    )
    assert keys(empty_engine.search(SearchQuery(text="lantern"))) == ["page:2", "page:1"]


def test_matches_are_highlighted(engine):
    (hit,) = engine.search(SearchQuery(text="sourdough")).hits
    assert "<mark>Sourdough</mark>" in hit.highlight


def test_highlights_are_escaped(empty_engine):
    from search.documents import Document

    empty_engine.index(
        [Document(kind="page", object_id=1, title="Tags", url="/t/", summary="<b>bold</b> tags")]
    )
    (hit,) = empty_engine.search(SearchQuery(text="tags")).hits
    assert "<b>" not in hit.highlight and "&lt;b&gt;" in hit.highlight


def test_a_value_listed_twice_counts_its_document_once(empty_engine):
    from search.documents import Document

    empty_engine.index(
        [
            Document(
                kind="product",
                object_id=1,
                title="Beeswax candle",
                url="/c/",
                categories=["Candles", "Candles"],
                tags=["gift", "wax", "gift"],
            )
        ]
    )
    results = empty_engine.search(SearchQuery(text="candle"))
    assert counts(results, "category") == {"Candles": 1}
    assert counts(results, "tag") == {"gift": 1, "wax": 1}


def test_typos_are_tolerated_and_corrected(engine):
    results = engine.search(SearchQuery(text="lighthose"))
    assert keys(results) == ["venue:2"]
    assert (results.did_you_mean, results.shows_correction) == ("lighthouse", True)
    several = engine.search(SearchQuery(text="sea salt candel"))
    assert keys(several) == ["product:11"]
    assert several.did_you_mean == "sea salt candle"


def test_no_correction_for_words_the_index_knows(engine):
    results = engine.search(SearchQuery(text="candle"))
    assert results.did_you_mean == "" and not results.shows_correction
    assert engine.search(SearchQuery(text="qwxzkj")).did_you_mean == ""


def test_kind_selection_counts_other_kinds(engine):
    results = engine.search(SearchQuery(kinds=["product"]))
    assert results.total == 4
    # A facet's own selection does not narrow its counts.
    assert counts(results, "kind") == {"venue": 3, "product": 4, "page": 1}
    assert selected(results, "kind") == ["product"]
    assert counts(results, "category") == {
        "Home & Living": 3,
        "Home & Living > Candles": 2,
        "Home & Living > Lighting": 1,
        "Bags": 1,
    }
    assert counts(results, "price") == {"-10": 1, "10-25": 1, "25-50": 1, "100-": 1}
    assert counts(results, "rating") == {"4": 2, "3": 3}


def test_facets_are_anded_and_values_ored(engine):
    results = engine.search(SearchQuery(kinds=["venue"], cities=["Portmarrow"]))
    assert keys(results) == ["venue:2", "venue:1"]
    assert counts(results, "city") == {"Portmarrow": 2, "Tregarth": 1}
    assert counts(results, "kind") == {"venue": 2}
    assert counts(results, "category") == {"Cafe": 1, "Bakery": 1}

    either = engine.search(SearchQuery(categories=["Bakery", "Gallery"]))
    assert set(keys(either)) == {"venue:2", "venue:3"}
    assert counts(either, "category")["Cafe"] == 1

    tagged = engine.search(SearchQuery(tags=["coffee"], categories=["Bakery"]))
    assert keys(tagged) == ["venue:2"]
    assert counts(tagged, "tag") == {"bread": 1, "coffee": 1}


@pytest.mark.parametrize(
    "selection",
    [
        {"kinds": ["venue"], "tags": ["coffee", "art"], "rating_min": 4},
        {"categories": ["Home & Living", "Cafe"], "tags": ["Physical goods"], "price_max": 30},
        {"kinds": ["product", "venue"], "cities": ["Portmarrow"], "rating_min": 3},
    ],
)
def test_each_facet_counts_as_if_only_its_own_selection_were_gone(engine, selection):
    facets = {
        "kinds": "kind",
        "categories": "category",
        "tags": "tag",
        "cities": "city",
        "rating_min": "rating",
        "price_max": "price",
    }
    results = engine.search(SearchQuery(**selection))
    for field in selection:
        others = {name: value for name, value in selection.items() if name != field}
        alone = engine.search(SearchQuery(**others))
        assert counts(results, facets[field]) == counts(alone, facets[field]), field


def test_price_range_and_price_sorts(engine):
    query = SearchQuery(price_min=D("10"), price_max=D("50"), sort="price")
    results = engine.search(query)
    assert keys(results) == ["product:10", "product:12"]
    assert [hit.price for hit in results.hits] == [D("12.50"), D("34.00")]
    assert selected(results, "price") == []
    assert counts(results, "price") == {"-10": 1, "10-25": 1, "25-50": 1, "100-": 1}
    bucket = engine.search(SearchQuery(price_min=D("10"), price_max=D("25")))
    assert selected(bucket, "price") == ["10-25"]
    dearest_first = engine.search(SearchQuery(kinds=["product"], sort="-price"))
    assert keys(dearest_first) == ["product:13", "product:12", "product:10", "product:11"]


def test_rating_filter_and_sort(engine):
    results = engine.search(SearchQuery(rating_min=4, sort="rating"))
    assert keys(results) == ["product:13", "venue:1", "product:10", "venue:3"]
    assert counts(results, "rating") == {"4": 4, "3": 6}
    assert selected(results, "rating") == ["4"]
    unrated_last = engine.search(SearchQuery(kinds=["product"], sort="rating"))
    assert keys(unrated_last) == ["product:13", "product:10", "product:11", "product:12"]


def test_open_now_asks_whether_a_place_is_open_at_that_moment(engine):
    morning = engine.search(SearchQuery(open_now=True, now=MONDAY_9AM))
    assert keys(morning) == ["venue:2", "venue:1"]
    afternoon = engine.search(SearchQuery(kinds=["venue"], now=MONDAY_2PM))
    assert counts(afternoon, "open_now") == {"true": 1}
    tuesday = engine.search(SearchQuery(open_now=True, now=when(2024, 3, 5, 14, 0)))
    assert set(keys(tuesday)) == {"venue:1", "venue:3"}


def test_near_a_point_with_distances(engine):
    query = SearchQuery(lat=50.12, lon=-5.53, radius_km=5, sort="distance")
    results = engine.search(query)
    assert keys(results) == ["venue:1", "venue:2"]
    for hit in results.hits:
        assert hit.distance_km == pytest.approx(
            haversine_km(50.12, -5.53, hit.lat, hit.lon), abs=1e-3
        )
    assert results.hits[0].distance_km == pytest.approx(0.713, abs=0.001)
    wider = engine.search(SearchQuery(lat=50.12, lon=-5.53, radius_km=50, sort="distance"))
    assert keys(wider) == ["venue:1", "venue:2", "venue:3"]
    assert counts(wider, "city") == {"Portmarrow": 2, "Tregarth": 1}


def test_pages(engine):
    second = engine.search(SearchQuery(page=2, page_size=3))
    assert (second.total, second.num_pages) == (8, 3)
    assert keys(second) == ["product:12", "venue:1", "product:13"]
    assert keys(engine.search(SearchQuery(page=4, page_size=3))) == []


def test_results_carry_what_cards_show(engine):
    (hit,) = engine.search(SearchQuery(text="lantern")).hits
    assert (hit.kind, hit.object_id, hit.title) == ("product", 13, "Storm lantern")
    assert hit.url == "/shop/catalogue/storm-lantern_13/"
    assert (hit.price, hit.rating) == (D("120.00"), 4.9)
    assert hit.categories == ["Home & Living", "Home & Living > Lighting"]


def test_suggestions_complete_words_of_titles(engine):
    assert [row.title for row in engine.suggest("harb")] == [
        "Harbour Coffee House",
        "Harbour tote bag",
    ]
    assert [row.title for row in engine.suggest("cand")] == [
        "Beeswax pillar candle",
        "Sea salt candle",
    ]
    assert engine.suggest("c") == []
    assert engine.suggest("zzz") == []


def test_reindexing_replaces_and_delete_removes(engine):
    from dataclasses import replace

    lantern = next(doc for doc in _contract() if doc.key == "product:13")
    engine.index([replace(lantern, title="Storm lamp", categories=["Bags"])])
    assert keys(engine.search(SearchQuery(text="lamp"))) == ["product:13"]
    assert counts(engine.search(SearchQuery(kinds=["product"])), "category")["Bags"] == 2
    engine.delete(["product:13", "product:999"])
    assert engine.search(SearchQuery()).total == 7
    assert engine.counts() == {"venue": 3, "product": 3, "page": 1}


def test_rebuild_swaps_in_a_complete_index(engine):
    documents = _contract()[:3]
    assert engine.rebuild(iter([documents[:2], documents[2:]])) == 3
    assert engine.counts() == {"venue": 3}
    assert set(engine.fingerprints("venue")) == {"venue:1", "venue:2", "venue:3"}
    assert engine.fingerprints("venue")["venue:1"] == documents[0].fingerprint


def _contract():
    from .conftest import CONTRACT_DOCUMENTS

    return CONTRACT_DOCUMENTS


# ---- what shoppers mean: typos, ranking, availability, snippets (SPA_DOCUMENTS) ----


def test_a_typo_finds_the_massage_services_and_offers_the_correction(spa_engine):
    results = spa_engine.search(SearchQuery(text="masage"))
    assert {"product:111", "product:112", "product:113"} <= set(keys(results))
    assert results.did_you_mean == "massage"
    assert results.shows_correction
    assert keys(results) == keys(spa_engine.search(SearchQuery(text="massage")))
    assert spa_engine.correction("Masage") == "massage"


def test_a_few_matches_as_typed_keep_their_results_and_get_a_suggestion(spa_engine):
    from search.documents import Document

    spa_engine.index(
        [Document(kind="page", object_id=140, title="Notes", url="/n/", body="A massge note.")]
    )
    results = spa_engine.search(SearchQuery(text="massge"))
    # Matches as typed come first; Elasticsearch lists matches within a typo after them.
    assert keys(results)[0] == "page:140"
    if spa_engine.name == "database":
        assert keys(results) == ["page:140"]
    assert (results.did_you_mean, results.shows_correction) == ("massage", False)


def test_a_word_only_in_body_text_is_not_corrected(spa_engine):
    results = spa_engine.search(SearchQuery(text="afternoon"))
    assert keys(results) == ["venue:101"]
    assert results.did_you_mean == ""


def test_ranking_exact_title_then_title_commerce_editorial_unavailable_then_others(spa_engine):
    """The stated order (docs/search.md): match quality first (exact title, title, other
    fields, body); within one, available before unavailable and commerce before editorial."""
    order = keys(spa_engine.search(SearchQuery(text="massage")))
    assert order[0] == "page:131"  # the exact title, editorial or not
    assert set(order[1:5]) == {"venue:102", "product:111", "product:112", "product:113"}
    assert order[5:] == [
        "post:121",  # title match, editorial
        "product:114",  # title match, cannot be bought now
        "venue:101",  # matched by a service it offers
        "page:132",  # matched in the body only
    ]


def test_an_exact_title_ranks_first_among_services(spa_engine):
    order = keys(spa_engine.search(SearchQuery(text="hot stone massage")))
    assert set(order[:2]) == {"product:111", "product:112"}


def test_unavailable_products_say_so_and_services_carry_their_venue(spa_engine):
    hits = {hit.key: hit for hit in spa_engine.search(SearchQuery(text="massage")).hits}
    assert hits["product:114"].available is False
    assert all(hit.available for key, hit in hits.items() if key != "product:114")
    assert hits["product:111"].venue == "Saltwater Spa"
    assert hits["product:112"].venue == "Lighthouse Day Spa"
    assert hits["venue:101"].venue == ""


def test_snippets_come_from_prose_never_from_service_or_staff_names(spa_engine):
    (venue,) = spa_engine.search(SearchQuery(text="amira")).hits
    assert venue.key == "venue:101"
    assert "Amira" not in venue.highlight and "Tom Bright" not in venue.highlight
    assert venue.summary.startswith("Sea-water pools")
    for hit in spa_engine.search(SearchQuery(text="massage")).hits:
        assert "Amira" not in hit.highlight and "Spa day pass" not in hit.highlight
    (pools,) = spa_engine.search(SearchQuery(text="afternoon")).hits
    assert "<mark>afternoon</mark>" in pools.highlight


def test_services_are_found_by_their_venue(spa_engine):
    assert set(keys(spa_engine.search(SearchQuery(text="saltwater massage")))) == {
        "venue:101",
        "product:111",
    }


def test_suggestions_are_grouped_venues_shop_then_reading(spa_engine):
    suggestions = spa_engine.suggest("mas")
    assert [(row.group, row.title) for row in suggestions] == [
        ("venues", "Harbour Massage Rooms"),
        ("shop", "Hot stone massage"),
        ("shop", "Hot stone massage"),
        ("shop", "Massage oil"),
        ("shop", "Sports massage"),
        ("reading", "Five reasons to book a massage"),
        ("reading", "Massage"),
    ]
    services = [row for row in suggestions if row.title == "Hot stone massage"]
    assert {(row.venue, row.price) for row in services} == {
        ("Saltwater Spa", D("85.00")),
        ("Lighthouse Day Spa", D("80.00")),
    }
    oil = next(row for row in suggestions if row.title == "Massage oil")
    assert (oil.available, oil.url) == (False, "/shop/catalogue/massage-oil_114/")
    venue = suggestions[0]
    assert (venue.kind, venue.city, venue.key) == ("venue", "Bristol", "venue:102")
    assert len(spa_engine.suggest("mas", limit=1)) == 3


def test_products_keep_to_venues_services_or_to_the_rest(spa_engine):
    def found(**selection):
        query = SearchQuery(kinds=["product"], **selection)
        return set(keys(spa_engine.search(query)))

    services = {"product:111", "product:112", "product:113"}
    assert found(venue_services=True) == services
    assert found(venue_services=False) == {"product:114"}
    assert found() == services | {"product:114"}
    # Facet counts follow the same restriction (the kind facet counts other kinds as ever:
    # venues and pages are nobody's services).
    results = spa_engine.search(SearchQuery(kinds=["product"], venue_services=False))
    assert results.total == 1
    assert counts(results, "kind") == {"product": 1, "venue": 2, "post": 1, "page": 2}
    results = spa_engine.search(SearchQuery(kinds=["product"], venue_services=True))
    assert counts(results, "kind") == {"product": 3}
