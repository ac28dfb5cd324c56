"""The Elasticsearch engine's mapping and requests, checked without a server."""

from decimal import Decimal as D

from search.documents import Document
from search.engines.elastic import (
    RANK_STEP,
    ElasticsearchEngine,
    corrected_text,
    document_mapping,
    document_source,
    suggestion_inputs,
)
from search.query import SearchQuery

from .conftest import when


def build(**fields):
    return ElasticsearchEngine(prefix="unit").build_search(SearchQuery(**fields)).to_dict()


def test_mapping_has_facets_geo_point_suggester_and_analysers(settings):
    settings.ELASTICSEARCH_ANALYSIS = "full"  # the production mapping, whatever CI runs live
    index = ElasticsearchEngine(prefix="unit").new_index()
    body = index.to_dict()
    properties = body["mappings"]["properties"]
    assert properties["location"] == {"type": "geo_point"}
    assert properties["categories"]["type"] == "keyword"
    assert properties["categories"]["fields"]["text"]["analyzer"] == "english_folding"
    assert properties["open_periods"] == {"type": "date_range"}
    assert properties["suggest"]["type"] == "completion"
    assert properties["title"]["fields"]["raw"] == {"type": "keyword"}
    analysis = body["settings"]["analysis"]
    filters = analysis["analyzer"]["english_folding"]["filter"]
    assert {"lowercase", "asciifolding", "english_stemmer"} <= set(filters)
    assert analysis["filter"]["english_stemmer"] == {"type": "stemmer", "language": "english"}
    assert index._name.startswith("unit-documents-")
    assert properties["price"] == {"type": "scaled_float", "scaling_factor": 100}


def test_core_mapping_keeps_the_field_names_and_uses_only_core_analysis():
    """The mapping for a server without analysis-common and mapper-extras (Elastic's test
    distribution): the same fields and analyser names, built from core filters only."""
    full = document_mapping("full").to_dict()["properties"]
    core = document_mapping("core").to_dict()["properties"]
    assert core.keys() == full.keys()
    assert core["price"] == {"type": "double"}
    assert core["title"]["analyzer"] == "english_folding"
    analysis = document_mapping("core")._collect_analysis()
    filters = analysis["analyzer"]["english_folding"]["filter"]
    assert filters == ["lowercase", "english_stop"]
    assert analysis["filter"] == {"english_stop": {"type": "stop", "stopwords": "_english_"}}


def test_facet_selections_post_filter_hits_and_each_other_facets_counts():
    body = build(kinds=["venue"], cities=["Portmarrow", "Tregarth"], rating_min=4)
    assert body["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"kind": ["venue"]}},
                {"terms": {"city": ["Portmarrow", "Tregarth"]}},
                {"range": {"rating": {"gte": 4.0}}},
            ]
        }
    }
    # The kind facet counts with the city and rating selections, not its own.
    assert body["aggs"]["_filter_kind"]["filter"] == {
        "bool": {
            "filter": [
                {"terms": {"city": ["Portmarrow", "Tregarth"]}},
                {"range": {"rating": {"gte": 4.0}}},
            ]
        }
    }
    assert body["aggs"]["_filter_kind"]["aggs"]["kind"] == {"terms": {"field": "kind", "size": 20}}
    assert body["aggs"]["_filter_rating"]["aggs"]["rating"]["range"]["ranges"] == [
        {"key": "4", "from": 4},
        {"key": "3", "from": 3},
    ]
    assert body["track_total_hits"] is True


def test_unselected_facets_count_everything():
    body = build()
    assert "post_filter" not in body
    assert body["aggs"]["_filter_category"]["filter"] == {"match_all": {}}
    assert body["aggs"]["_filter_price"]["aggs"]["price"]["range"]["ranges"][0] == {
        "key": "-10",
        "to": 10,
    }
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}


def test_text_query_is_fuzzy_and_web_syntax_is_kept():
    body = build(text="lighthose bakery")
    should = body["query"]["function_score"]["query"]["bool"]["should"]
    as_typed, fuzzy = should
    assert as_typed["multi_match"]["operator"] == "and"
    assert as_typed["multi_match"]["type"] == "cross_fields"  # words may be in different fields
    assert [clause["multi_match"]["query"] for clause in fuzzy["bool"]["must"]] == [
        "lighthose",
        "bakery",
    ]
    assert fuzzy["bool"]["must"][0]["multi_match"]["fuzziness"] == "AUTO"
    assert body["sort"][0] == "_score"
    assert "<mark>" in body["highlight"]["pre_tags"]
    assert body["highlight"]["encoder"] == "html"
    syntax = build(text='"sea salt" -beeswax')["query"]["function_score"]["query"]
    syntax = syntax["simple_query_string"]
    assert syntax["query"] == '"sea salt" -beeswax'
    assert syntax["default_operator"] == "and"


def test_relevance_scores_match_quality_then_availability_then_commerce():
    score = build(text="massage")["query"]["function_score"]
    assert (score["score_mode"], score["boost_mode"]) == ("sum", "sum")
    weights = [function["weight"] for function in score["functions"]]
    step = RANK_STEP
    assert weights == [4 * step, 4 * step, 4 * step, 4 * step, 2 * step, step]
    as_typed, field_match, title_match, exact_title, available, commerce = (
        function["filter"] for function in score["functions"]
    )
    assert "body" in as_typed["multi_match"]["fields"]
    assert "fuzziness" not in as_typed["multi_match"]
    assert field_match["multi_match"]["fields"] == [
        "title",
        "categories.text",
        "tags.text",
        "search_terms",
        "summary",
    ]
    assert title_match["multi_match"]["fields"] == ["title"]
    assert exact_title == {"match": {"title.exact": "massage"}}
    assert available == {"bool": {"must_not": [{"term": {"available": False}}]}}
    assert commerce == {"terms": {"kind": ["venue", "product"]}}
    # Other sorts do not pay for the ranking.
    assert "function_score" not in build(text="massage", sort="price")["query"]


def test_spelling_is_asked_in_the_same_request():
    body = build(text="masage", kinds=["product"])
    assert body["suggest"]["spelling"] == {
        "text": "masage",
        "term": {
            "field": "spelling",
            "suggest_mode": "missing",
            "min_word_length": 4,
            "prefix_length": 1,
            "max_edits": 2,
            "size": 5,
        },
    }
    # Matches as typed (no fuzziness), with the facet selections, decide on "did you mean".
    as_typed = body["aggs"]["_as_typed"]["filter"]["bool"]["filter"]
    assert as_typed[0] == {"terms": {"kind": ["product"]}}
    assert "fuzziness" not in str(as_typed[1])
    assert "suggest" not in build()


def test_corrections_follow_the_shared_rule():
    entries = [
        {
            "text": "masage",
            "offset": 4,
            "length": 6,
            "options": [
                {"text": "message", "score": 0.8, "freq": 1},
                {"text": "massage", "score": 0.8, "freq": 9},
                {"text": "mouse", "score": 0.5, "freq": 50},
            ],
        },
        {"text": "oil", "offset": 11, "length": 3, "options": []},
    ]
    assert corrected_text("Hot Masage oil", entries) == "Hot massage oil"
    assert corrected_text("Hot Masage oil", []) == ""


def test_full_mapping_spells_and_matches_titles_exactly_without_stemming():
    mapping = document_mapping("full")
    properties = mapping.to_dict()["properties"]
    assert properties["spelling"] == {"type": "text", "analyzer": "suggest_folding"}
    for field in ("title", "summary", "search_terms", "categories", "tags"):
        assert properties[field]["copy_to"] == "spelling"
    assert properties["title"]["fields"]["exact"]["normalizer"] == "exact_folding"
    assert properties["available"] == {"type": "boolean"}
    assert properties["suggest"]["contexts"] == [{"name": "group", "type": "category"}]
    analysis = mapping._collect_analysis()
    assert analysis["normalizer"]["exact_folding"]["filter"] == ["lowercase", "asciifolding"]
    core = document_mapping("core")._collect_analysis()
    assert core["normalizer"]["exact_folding"]["filter"] == ["lowercase"]


def test_near_a_point_filters_by_distance_and_sorts_by_it():
    body = build(lat=50.12, lon=-5.53, radius_km=5, sort="distance", page=2, page_size=10)
    assert body["query"]["bool"]["filter"] == [
        {"geo_distance": {"distance": "5km", "location": {"lat": 50.12, "lon": -5.53}}}
    ]
    assert body["sort"][0]["_geo_distance"]["unit"] == "km"
    assert (body["from"], body["size"]) == (10, 10)


def test_open_now_and_price_range_filters():
    body = build(open_now=True, price_min=D("10"), price_max=D("25"), now=when(2024, 3, 4, 9))
    filters = body["post_filter"]["bool"]["filter"]
    assert {"range": {"price": {"gte": 10.0, "lt": 25.0}}} in filters
    assert {"term": {"open_periods": "2024-03-04T09:00:00+00:00"}} in filters


def test_documents_become_sources_with_suggestion_inputs():
    document = Document(
        kind="venue",
        object_id=1,
        title="Harbour Coffee House",
        url="/v/",
        lat=50.1,
        lon=-5.5,
        price=D("9.50"),
        open_periods=[(when(2024, 3, 4, 8), when(2024, 3, 4, 18))],
    )
    source = document_source(document)
    assert source["location"] == {"lat": 50.1, "lon": -5.5}
    assert source["open_periods"] == [
        {"gte": "2024-03-04T08:00:00+00:00", "lt": "2024-03-04T18:00:00+00:00"}
    ]
    assert source["price"] == 9.5
    assert source["suggest"] == {
        "input": suggestion_inputs("Harbour Coffee House"),
        "contexts": {"group": ["venues"]},
    }
    assert (source["available"], source["venue"], source["search_terms"]) == (True, "", [])
    assert suggestion_inputs("Harbour Coffee House") == [
        "Harbour Coffee House",
        "Coffee House",
        "House",
    ]


def test_facet_counts_are_read_from_aggregations():
    aggregations = {
        f"_filter_{name}": {name: {"buckets": [{"key": "x", "doc_count": 2}]}}
        for name in ("kind", "category", "tag", "city", "price", "rating")
    }
    aggregations["_filter_open_now"] = {"open_now": {"doc_count": 3}}
    counts = ElasticsearchEngine.parse_facets(aggregations)
    assert counts["city"] == {"x": 2}
    assert counts["open_now"] == {"true": 3}


def test_suggest_request_asks_each_group_in_one_request():
    body = ElasticsearchEngine(prefix="unit").build_suggest("harb", 4).to_dict()
    assert list(body["suggest"]) == ["venues", "shop", "reading"]
    assert body["suggest"]["shop"] == {
        "prefix": "harb",
        "completion": {"field": "suggest", "size": 4, "contexts": {"group": ["shop"]}},
    }
    assert "venue" in body["_source"] and "price" in body["_source"]
