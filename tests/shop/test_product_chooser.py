"""The admin product chooser finds a product by name, venue, category and availability, and
shows each with its picture, venue and price (the one price policy); a provider sees only what
their own venue sells."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from shop.money import format_money
from shop.pricing import price_of_product

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")


@pytest.fixture
def catalogue(db, countries):
    hair = Category.add_root(name="Hair")
    colour = hair.add_child(name="Colour")
    candles = Category.add_root(name="Candles")
    rosa = create_product(
        title="Balayage", partner_name="Salon Rosa", price=D("45.00"), num_in_stock=5
    )
    mare = create_product(
        title="Balayage", partner_name="Salon Mare", price=D("52.50"), num_in_stock=0
    )
    candle = create_product(
        title="Beeswax Candle", partner_name="Harbour Shop", price=D("10.00"), num_in_stock=3
    )
    rosa.categories.add(colour)
    mare.categories.add(colour)
    candle.categories.add(candles)
    return {"rosa": rosa, "mare": mare, "candle": candle, "hair": hair, "candles": candles}


@pytest.fixture
def editor_client(client, user_factory):
    client.force_login(user_factory(roles=["Editors"]))
    return client


def results(client, **params):
    response = client.get(reverse("product_chooser:choose_results"), params)
    assert response.status_code == 200
    return response.content.decode()


def chosen_ids(html):
    return {int(pk) for pk in re.findall(r"/choosers/products/chosen/(\d+)/", html)}


def test_search_by_name(editor_client, catalogue):
    assert chosen_ids(results(editor_client, q="beesw")) == {catalogue["candle"].pk}


def test_same_names_are_told_apart_by_venue_and_price(editor_client, catalogue):
    html = results(editor_client, q="balayage")
    assert chosen_ids(html) == {catalogue["rosa"].pk, catalogue["mare"].pk}
    for product in (catalogue["rosa"], catalogue["mare"]):
        assert product.stockrecords.get().partner.name in html
        assert price_of_product(product).display in html
    # The policy's figure (with tax here), not the stock record's bare price.
    assert price_of_product(catalogue["rosa"]).display != format_money(D("45.00"))


def test_filter_by_venue(editor_client, catalogue):
    mare = Partner.objects.get(name="Salon Mare")
    assert chosen_ids(results(editor_client, seller=mare.pk)) == {catalogue["mare"].pk}


def test_filter_by_category_includes_subcategories(editor_client, catalogue):
    found = chosen_ids(results(editor_client, category=catalogue["hair"].pk))
    assert found == {catalogue["rosa"].pk, catalogue["mare"].pk}


def test_filter_by_availability(editor_client, catalogue):
    available = chosen_ids(results(editor_client, availability="available"))
    sold_out = chosen_ids(results(editor_client, availability="unavailable"))
    assert available == {catalogue["rosa"].pk, catalogue["candle"].pk}
    assert sold_out == {catalogue["mare"].pk}


def test_the_modal_offers_the_filters(editor_client, catalogue):
    html = editor_client.get(reverse("product_chooser:choose")).json()["html"]
    for name in ("q", "seller", "category", "availability"):
        assert f'name="{name}"' in html
    assert "Venue or seller" in html and "— Colour" in html


def test_a_product_with_a_picture_shows_its_thumbnail(editor_client, catalogue, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image_path = tmp_path / "candle.png"
    Image.new("RGB", (80, 80), "orange").save(image_path)
    catalogue["candle"].images.create(
        original=SimpleUploadedFile("candle.png", image_path.read_bytes(), "image/png")
    )
    html = results(editor_client, q="beeswax")
    assert re.search(r'<img src="[^"]+" width="48" height="48" alt="">', html)
    assert "No picture" not in html
    assert "No picture" in results(editor_client, q="balayage")


def test_the_chosen_product_reads_with_venue_and_price(editor_client, catalogue):
    product = catalogue["rosa"]
    response = editor_client.get(reverse("product_chooser:chosen", args=[product.pk]))
    price = price_of_product(product).display
    assert response.json()["result"]["title"] == f"Balayage · Salon Rosa · {price}"


def test_a_provider_sees_only_their_own_venues_products(client, user_factory, catalogue):
    provider = user_factory(roles=["Venue providers"])
    Partner.objects.get(name="Salon Rosa").users.add(provider)
    client.force_login(provider)
    assert chosen_ids(results(client)) == {catalogue["rosa"].pk}
    assert chosen_ids(results(client, q="balayage")) == {catalogue["rosa"].pk}
    # Another venue in the filter is not a choice, and its product cannot be chosen by id.
    mare = Partner.objects.get(name="Salon Mare")
    assert "Salon Mare" not in results(client, seller=mare.pk)
    modal = client.get(reverse("product_chooser:choose")).json()["html"]
    assert "Salon Rosa" in modal and "Salon Mare" not in modal
    chosen = client.get(reverse("product_chooser:chosen", args=[catalogue["mare"].pk]))
    assert chosen.status_code == 404


def test_the_results_take_a_fixed_number_of_queries(
    editor_client, catalogue, django_assert_max_num_queries
):
    for n in range(10):
        create_product(title=f"Candle {n}", partner_name="Harbour Shop", price=D("5.00"))
    with django_assert_max_num_queries(20):
        html = results(editor_client)
    assert len(chosen_ids(html)) == 13
