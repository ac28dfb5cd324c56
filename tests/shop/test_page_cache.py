"""Product and listing pages in the anonymous page cache: prices, stock and reviews show at once."""

import re
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.apps.order.signals import order_status_changed
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from shop.money import format_money
from shop.pricing import price_of_product

# The shared cache's timing under other workers' traffic upsets hit-or-miss: run alone (pyproject).
pytestmark = [pytest.mark.django_db, pytest.mark.alone]

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def product_url(home_page, product):
    return product.get_absolute_url()


def test_product_page_is_served_from_the_cache(client, product_url, django_assert_num_queries):
    assert client.get(product_url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert Client().get(product_url)["X-Page-Cache"] == "hit"


def shown(product):
    """The price as the price policy shows it (with tax or not)."""
    return format_money(price_of_product(Product.objects.get(pk=product.pk)).amount)


def test_a_price_change_shows_at_once(client, product, product_url, on_commit):
    before = shown(product)
    assert before in client.get(product_url).content.decode()
    record = product.stockrecords.get()
    with on_commit():
        record.price = D("14.00")
        record.save()
    html = Client().get(product_url).content.decode()
    assert shown(product) in html and before not in html


def test_running_out_of_stock_shows_at_once(client, product, product_url, on_commit):
    client.get(product_url)
    record = product.stockrecords.get()
    with on_commit():
        record.num_in_stock = 0
        record.save()
    response = Client().get(product_url)
    assert response["X-Page-Cache"] == "miss"


def test_stock_moved_by_an_order_shows_at_once(client, product_url, on_commit):
    # Oscar allocates and consumes stock with UPDATE queries (no save signal): Oscar's order
    # signals (placed, status changed) invalidate.
    client.get(product_url)
    with on_commit():
        order_status_changed.send(sender=None, order=None, old_status="", new_status="Shipped")
    assert Client().get(product_url)["X-Page-Cache"] == "miss"


def test_a_new_review_shows_at_once(client, product, product_url, on_commit):
    client.get(product_url)
    with on_commit():
        ProductReview.objects.create(
            product=product,
            score=5,
            title="Smells of honey",
            body="Burns for hours.",
            name="Sam",
            email="sam@example.com",
            status=ProductReview.APPROVED,
        )
    assert Client().get(product_url)["X-Page-Cache"] == "miss"


def test_add_to_basket_works_from_a_cached_page(client, product, product_url):
    client.get(product_url)
    shopper = Client(enforce_csrf_checks=True)
    page = shopper.get(product_url)
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.search(page.content.decode())[1]
    added = shopper.post(
        reverse("basket:add", kwargs={"pk": product.pk}),
        {"quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302
    # Now they have a basket: their pages are their own.
    assert "X-Page-Cache" not in shopper.get(product_url)


def test_recently_viewed_products_are_never_shared(client, product, second_product, home_page):
    first_url, second_url = product.get_absolute_url(), second_product.get_absolute_url()
    Client().get(second_url)  # stored for visitors with no history
    client.get(first_url)  # this visitor now has a history cookie
    response = client.get(second_url)
    assert "X-Page-Cache" not in response  # rendered for them, with their history
    assert product.title in response.content.decode()
    # A stored page still gives a new visitor the history cookie it would have set.
    newcomer = Client()
    hit = newcomer.get(second_url)
    assert hit["X-Page-Cache"] == "hit"
    assert str(second_product.pk) in hit.cookies["oscar_history"].value
    assert hit["Cache-Control"] == "private, no-cache"


def test_catalogue_and_category_pages_show_a_price_change(client, home_page, on_commit):
    category = create_from_breadcrumbs("Home > Candles")
    with on_commit():
        product = create_product(title="Beeswax pillar", price=D("9.00"), num_in_stock=4)
        product.categories.add(category)
    urls = (reverse("catalogue:index"), category.get_absolute_url())
    for url in urls:
        assert "Beeswax pillar" in client.get(url).content.decode()
        assert Client().get(url)["X-Page-Cache"] == "hit", url
    record = product.stockrecords.get()
    with on_commit():
        record.price = D("21.00")
        record.save()
    for url in urls:
        response = Client().get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert shown(product) in response.content.decode(), url
