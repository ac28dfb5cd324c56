"""Every URL family answers: the site's pages, the shop, the admins and the health endpoints."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from oscar.test.factories import create_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(django_capture_on_commit_callbacks):
    # The catalogue lists from the search index, which is updated when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        return create_product(title="Beeswax Candle", price=D("12.50"), num_in_stock=5)


def test_home_page(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert "Welcome" in response.content.decode()


def test_catalogue_lists_products(client, home_page, product):
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith("/shop/")
    assert "Beeswax Candle" in response.content.decode()


def test_product_page(client, home_page, product):
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert "Beeswax Candle" in response.content.decode()


def test_add_to_basket_and_basket_page(client, home_page, product):
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2}, follow=True
    )
    assert response.status_code == 200
    basket = client.get(reverse("basket:summary"))
    assert basket.status_code == 200
    assert basket.context["basket"].num_items == 2
    assert "Beeswax Candle" in basket.content.decode()


def test_oscar_does_not_claim_the_home_page(home_page):
    from django.urls import resolve

    assert resolve("/shop/").url_name != "home"
    assert resolve("/").func.__module__.startswith("wagtail")


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/"])
def test_login_pages(client, home_page, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_pages_hand_over_to_the_site_sign_in(client, home_page, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/admin/", "/shop/dashboard/", "/django-admin/"])
def test_admin_areas_send_anonymous_users_to_sign_in(client, home_page, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_page_is_a_styled_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<main" in response.content.decode()


def test_404_under_the_shop(client, home_page):
    assert client.get("/shop/catalogue/no-such-product_999999/").status_code == 404


def test_500_page_renders_without_context(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<html" in html and "wrong" in html.lower()
