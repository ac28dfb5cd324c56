# ruff: noqa: F811 (fixtures imported from the bookings and venues tests are used by name)
"""The shop's own pages: the /shop/ front, product pages for shoppers, one breadcrumb scheme,
categories listed once, stars only with reviews, the free-delivery hint in the basket and address
forms in the shop country's words."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from shop.money import format_money
from tests.bookings.conftest import make_service, open_venue, service  # noqa: F401 (fixtures)
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401 (fixtures)

Range = get_model("offer", "Range")

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_shop_front_answers_with_categories_new_products_and_the_way_to_services(
    client, home_page, service, django_assert_max_num_queries
):
    create_from_breadcrumbs("Home & Living > Candles")
    for number in range(6):
        create_product(title=f"Candle {number}", price=D("9.00"), num_in_stock=5)
    featured = Range.objects.create(name="Featured", slug="featured", is_public=True)
    featured.add_product(create_product(title="Picked candle", price=D("12.00"), num_in_stock=3))

    client.get(reverse("shop-front"))  # warm the per-process caches (site, settings)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("shop-front"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Home &amp; Living" in html
    assert "Candle 5" in html
    assert "Picked candle" in html
    assert reverse("shop-services") in html
    # Services have their own path: the front's product rows hold goods only.
    assert service.title not in html
    # More products and categories cost no more queries.
    create_from_breadcrumbs("Garden > Pots")
    for number in range(10):
        create_product(title=f"Lamp {number}", price=D("5.00"), num_in_stock=1)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("shop-front")).status_code == 200


def test_shop_front_shows_the_current_campaign(client, home_page):
    from home.models import LandingPage
    from marketing.models import Campaign

    landing = LandingPage(title="Winter warmers", slug="winter-warmers")
    home_page.add_child(instance=landing)
    today = timezone.localdate()
    Campaign.objects.create(
        name="Winter", slug="winter", starts_on=today - timedelta(days=1), landing_page=landing
    )
    Campaign.objects.create(
        name="Over",
        slug="over",
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=2),
        landing_page=landing,
    )
    html = client.get(reverse("shop-front")).content.decode()
    assert "Winter warmers" in html
    assert landing.url in html


def test_product_page_shows_no_internal_data_and_the_shop_breadcrumbs(client, home_page):
    candles = create_from_breadcrumbs("Home & Living > Candles")
    product = create_product(title="Beeswax pillar", price=D("9.00"), upc="UPC-123456")
    product.categories.add(candles)
    html = client.get(product.get_absolute_url()).content.decode()
    assert ">UPC<" not in html  # (the JSON-LD's sku may carry it: that is for machines)
    assert "Product Information" not in html
    assert "Number of reviews" not in html
    assert "star-rating" not in html  # no reviews, no stars
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    names = ["Home", "Shop", "Home &amp; Living", "Candles", "Beeswax pillar"]
    positions = [crumbs.index(name) for name in names]
    assert positions == sorted(positions)
    assert f'href="{reverse("shop-front")}"' in crumbs


def test_listing_and_category_pages_share_the_breadcrumbs_and_list_categories_once(
    client, home_page, on_commit
):
    candles = create_from_breadcrumbs("Home & Living > Candles")
    with on_commit():
        create_product(title="Beeswax pillar", price=D("9.00")).categories.add(candles)
    listing = client.get(reverse("catalogue:index")).content.decode()
    crumbs = listing.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert f'href="{reverse("shop-front")}"' in crumbs
    assert "All products" in crumbs
    assert "star-rating" not in listing
    # The category facet lists the categories; Oscar's tree would list them a second time.
    assert listing.count(f">{candles.name}<") + listing.count("Home &amp; Living &gt; Candles") <= 2
    assert "Show results for" not in listing

    category_page = client.get(candles.get_absolute_url()).content.decode()
    crumbs = category_page.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert f'href="{reverse("shop-front")}"' in crumbs
    assert "Home &amp; Living" in crumbs and "Candles" in crumbs


def test_service_page_names_its_venue(client, home_page, service):
    html = client.get(service.get_absolute_url()).content.decode()
    assert "at Tidewater Spa" in html


def test_basket_says_how_much_more_gives_free_delivery(client, product, settings):
    settings.SHOP_FREE_SHIPPING_THRESHOLD = "50.00"
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    html = client.get(reverse("basket:summary")).content.decode()
    basket = client.get(reverse("basket:summary")).context["basket"]
    gap = D("50.00") - basket.total_incl_tax
    assert f"Spend {format_money(gap, 'GBP')} more for free delivery" in html

    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 4})
    html = client.get(reverse("basket:summary")).content.decode()
    assert "more for free delivery" not in html


@pytest.mark.parametrize("url_name", ["customer:address-create", "checkout:shipping-address"])
def test_address_forms_use_the_shop_countrys_words(client, product, user_factory, url_name):
    client.force_login(user_factory(username="ann", email="ann@example.com"))
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    response = client.get(reverse(url_name), follow=True)
    assert response.request["PATH_INFO"] == reverse(url_name)
    labels = {name: str(field.label) for name, field in response.context["form"].fields.items()}
    assert (labels["line4"], labels["state"], labels["postcode"]) == (
        "Town or city",
        "County",
        "Postcode",
    )
    html = response.content.decode()
    assert "State/County" not in html and "Post/Zip-code" not in html
