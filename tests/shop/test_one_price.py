"""One product and one venue service show one figure on every surface, under either setting of
`SHOP_PRICES_INCLUDE_TAX` (with 20% tax: 45.00 → £54.00, 85.00 → £102.00)."""

import json
import re
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from search.models import SearchDocument
from shop.blocks import ProductCardBlock
from shop.products import product_cards
from tests.shop.conftest import add_to_basket
from venues.models import VenueIndexPage, VenuePage
from venues.services import DURATION_ATTRIBUTE, VENUE_SERVICE_CLASS

Partner = get_model("partner", "Partner")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

SETTINGS = {
    # include tax: (product figure, service figure)
    True: ("54.00", "102.00"),
    False: ("45.00", "85.00"),
}


@pytest.fixture(params=[True, False], ids=["with-tax", "without-tax"])
def include_tax(request, price_policy):
    price_policy(request.param)
    return request.param


@pytest.fixture
def catalogue(include_tax, home_page, countries, django_capture_on_commit_callbacks):
    """A lantern (45.00 before tax) and a massage (85.00 before tax) at a live venue, indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        lantern = create_product(title="Storm Lantern", price=D("45.00"), num_in_stock=5)
        index = home_page.add_child(instance=VenueIndexPage(title="Venues", slug="venues"))
        index.save_revision().publish()
        partner = Partner.objects.create(name="Saltwater Spa")
        venue = index.add_child(
            instance=VenuePage(title="Saltwater Spa", city="Brighton", partner=partner)
        )
        venue.save_revision().publish()
        service_class = ProductClass.objects.get(slug=VENUE_SERVICE_CLASS)
        massage = create_product(
            title="Hot stone massage",
            product_class=service_class,
            partner_name="Saltwater Spa",
            price=D("85.00"),
            num_in_stock=100,
        )
        StockRecord.objects.filter(product=massage).update(partner=partner)
        ProductAttributeValue.objects.create(
            product=massage,
            attribute=service_class.attributes.get(code=DURATION_ATTRIBUTE),
            value_integer=60,
        )
        massage.stockrecords.get().save()  # reindexes the venue and the service
    return lantern, VenuePage.objects.get(pk=venue.pk), massage


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_a_product_shows_one_price_everywhere(client, catalogue, include_tax):
    lantern, _venue, _massage = catalogue
    figure = SETTINGS[include_tax][0]
    shown = f"£{figure}"
    # The search index, its price facet and its suggestions.
    assert SearchDocument.objects.get(key=f"product:{lantern.pk}").price == D(figure)
    api = client.get("/search/api/", {"q": "lantern", "price_min": "50"}).json()
    assert (f"product:{lantern.pk}" in [hit["id"] for hit in api["results"]]) is include_tax
    suggestion = client.get("/search/suggest/", {"q": "lant"}).json()["suggestions"][0]
    assert (suggestion["price"], suggestion["price_display"]) == (figure, shown)
    # Pages: product page (and its JSON-LD offer), catalogue cards, search results.
    product_page = client.get(lantern.get_absolute_url()).content.decode()
    assert shown in product_page
    offers = [data["offers"] for data in json_ld(product_page) if data.get("@type") == "Product"]
    assert offers[0]["price"] == figure
    assert shown in client.get("/shop/catalogue/").content.decode()
    assert shown in client.get("/search/", {"q": "lantern"}).content.decode()
    # Blocks on pages and in newsletters.
    block = ProductCardBlock()
    value = block.to_python({"product": lantern.pk, "note": ""})
    assert shown in block.render(value)
    card = product_cards([lantern])[0]
    assert shown in render_to_string("marketing/email/blocks/_product.html", {"card": card})
    # The basket.
    add_to_basket(client, lantern)
    basket = client.get("/shop/basket/").content.decode()
    assert re.search(rf'data-money="item">{re.escape(shown)}<', basket)
    assert ("excl. tax" in basket) is not include_tax


def test_a_venue_service_shows_one_price_everywhere(client, catalogue, include_tax):
    _lantern, venue, massage = catalogue
    figure = SETTINGS[include_tax][1]
    shown = f"£{figure}"
    venue_page = client.get(venue.url).content.decode()
    assert f'<span class="venue-services__price">{shown}' in venue_page
    business = next(d for d in json_ld(venue_page) if d.get("@type") == "LocalBusiness")
    assert business["makesOffer"][0]["price"] == figure
    assert SearchDocument.objects.get(key=f"product:{massage.pk}").price == D(figure)
    assert SearchDocument.objects.get(key=f"venue:{venue.pk}").price == D(figure)
    results = client.get("/search/", {"q": "saltwater"}).content.decode()
    assert f"from {shown}" in results
    listing = client.get(venue.get_parent().url).content.decode()  # the venue cards
    assert f"from {shown}" in listing
    assert shown in client.get(massage.get_absolute_url()).content.decode()
