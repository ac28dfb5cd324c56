"""Product blocks show live price and stock, add to Oscar's basket, and survive deleted,
withdrawn or sold-out products."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import CategoryFactory, RangeFactory, create_product

from tests.blog.conftest import paragraph, product_card, product_grid

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")


@pytest.fixture
def candle(countries):
    return create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=5)


def test_grid_shows_live_price_stock_and_an_add_button(client, make_post, candle):
    post = make_post(body=[product_grid([candle])])

    content = client.get(post.url).content.decode()

    assert "Beeswax Candle" in content
    assert "£12.00" in content  # price plus the 20% tax the strategy adds
    assert "In stock" in content
    assert f'action="{reverse("basket:add", kwargs={"pk": candle.pk})}"' in content


def test_price_change_shows_at_once(client, make_post, candle):
    post = make_post(body=[product_grid([candle])])
    candle.stockrecords.update(price=D("20.00"))
    assert "£24.00" in client.get(post.url).content.decode()


def test_adding_from_the_post_puts_the_product_in_the_basket(client, make_post, candle):
    post = make_post(body=[product_grid([candle])])
    client.get(post.url)

    response = client.post(reverse("basket:add", kwargs={"pk": candle.pk}), {"quantity": 1})

    assert response.status_code == 302
    basket = Basket.objects.get()
    assert [line.product_id for line in basket.all_lines()] == [candle.pk]


def test_out_of_stock_product_has_no_add_button(client, make_post, candle):
    post = make_post(body=[product_grid([candle]), product_card(candle)])
    candle.stockrecords.update(num_in_stock=0)

    response = client.get(post.url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Beeswax Candle" in content
    assert "basket/add" not in content
    assert "View product" in content


def test_deleted_product_leaves_the_page_working(client, make_post, candle, countries):
    other = create_product(title="Linen Towel", price=D("8.00"), num_in_stock=3)
    post = make_post(
        body=[paragraph("<p>Gifts.</p>"), product_grid([candle, other]), product_card(candle)]
    )
    candle.delete()

    response = client.get(post.url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Linen Towel" in content and "Beeswax Candle" not in content
    assert "This product is no longer available." in content


def test_withdrawn_product_is_not_shown(client, make_post, candle):
    post = make_post(body=[product_grid([candle])])
    candle.is_public = False
    candle.save()
    assert "Beeswax Candle" not in client.get(post.url).content.decode()


def test_products_with_options_link_to_their_page(client, make_post, candle):
    option = get_model("catalogue", "Option").objects.create(name="Engraving", code="engraving")
    candle.product_class.options.add(option)
    post = make_post(body=[product_grid([candle])])

    content = client.get(post.url).content.decode()

    assert "basket/add" not in content
    assert "Choose options" in content


def test_grid_from_a_category_shows_its_public_products(client, make_post, countries):
    category = CategoryFactory(name="Candles")
    inside = create_product(title="Pillar Candle", price=D("5.00"), num_in_stock=2)
    hidden = create_product(title="Secret Candle", price=D("5.00"), num_in_stock=2, is_public=False)
    create_product(title="Tea Towel", price=D("5.00"), num_in_stock=2)
    for product in (inside, hidden):
        product.categories.add(category)
    value = {"heading": "Candles", "products": [], "category": category.pk, "limit": 6}
    post = make_post(body=[{"type": "product_grid", "value": value}])

    content = client.get(post.url).content.decode()

    assert "Pillar Candle" in content
    assert "Secret Candle" not in content and "Tea Towel" not in content


def test_grid_from_a_range(client, make_post, countries):
    chosen = create_product(title="Range Candle", price=D("5.00"), num_in_stock=2)
    create_product(title="Other Candle", price=D("5.00"), num_in_stock=2)
    product_range = RangeFactory(name="Winter sale")
    product_range.add_product(chosen)
    value = {"heading": "", "products": [], "product_range": product_range.pk, "limit": 6}
    post = make_post(body=[{"type": "product_grid", "value": value}])

    content = client.get(post.url).content.decode()

    assert "Range Candle" in content and "Other Candle" not in content


def test_grid_needs_its_chosen_source_filled_in():
    from wagtail.blocks import StructBlockValidationError

    from shop.blocks import ProductGridBlock

    block = ProductGridBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"heading": "", "products": [], "limit": 6}))


def test_grid_from_a_category_may_keep_an_empty_product_row(countries):
    from shop.blocks import ProductGridBlock

    block = ProductGridBlock()
    category = CategoryFactory(name="Candles")
    value = block.to_python({"products": [None], "category": category.pk, "limit": 6})
    assert block.clean(value)["category"] == category


def test_a_grid_saved_before_the_source_choice_keeps_showing_what_it_showed(countries):
    from shop.blocks import ProductGridBlock

    block = ProductGridBlock()
    category = CategoryFactory(name="Candles")
    product_range = RangeFactory(name="Winter sale")
    assert block.to_python({"products": [], "category": category.pk})["source"] == "category"
    assert (
        block.to_python({"products": [], "product_range": product_range.pk})["source"]
        == "collection"
    )
    assert block.to_python({"products": []})["source"] == "chosen"
    # Stored JSON written before keeps loading in bulk, as pages do.
    [old] = block.bulk_to_python([{"products": [], "category": category.pk, "limit": 6}])
    assert old["source"] == "category" and old["category"] == category


@pytest.mark.parametrize(
    ("source", "field", "message"),
    [
        ("chosen", "products", "Pick at least one product"),
        ("category", "category", "Choose the shop category"),
        ("collection", "product_range", "Choose the product collection"),
    ],
)
def test_the_error_names_the_field_of_the_chosen_source(countries, source, field, message):
    from wagtail.blocks import StructBlockValidationError

    from shop.blocks import ProductGridBlock

    block = ProductGridBlock()
    # Another source's field being filled does not satisfy the chosen one.
    other = CategoryFactory(name="Elsewhere") if source != "category" else None
    raw = {"source": source, "products": [], "category": other and other.pk, "limit": 6}
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(raw))
    [(name, problem)] = error.value.block_errors.items()
    assert name == field and message in str(problem.messages[0])


def test_only_the_chosen_source_is_shown(client, make_post, candle):
    category = CategoryFactory(name="Candles")
    other = create_product(title="Category Candle", price=D("5.00"), num_in_stock=2)
    other.categories.add(category)
    # The editor switched to "Products I pick"; the category they chose before is kept but unused.
    value = {"source": "chosen", "products": [candle.pk], "category": category.pk, "limit": 6}
    content = client.get(make_post(body=[{"type": "product_grid", "value": value}]).url)
    html = content.content.decode()
    assert "Beeswax Candle" in html and "Category Candle" not in html
