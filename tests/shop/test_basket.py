"""Basket rules: stock and maximum quantities, merging on sign-in, expiry, low-stock alerts."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from shop.tasks import expire_stale_baskets, send_low_stock_alerts
from tests.shop.conftest import add_to_basket, change_quantity

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")

pytestmark = pytest.mark.django_db


def basket_of(client):
    return client.get(reverse("basket:summary")).context["basket"]


def messages_of(response):
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_cannot_add_more_than_in_stock(client, countries):
    few = create_product(title="Rare Vase", price=D("40.00"), num_in_stock=2)
    response = add_to_basket(client, few, quantity=3)
    assert basket_of(client).num_items == 0
    assert "a maximum of 2" in messages_of(response)


def test_out_of_stock_products_cannot_be_added(client, countries):
    gone = create_product(title="Sold Out Mug", price=D("9.00"), num_in_stock=0)
    add_to_basket(client, gone)
    assert basket_of(client).num_items == 0


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "21"])
def test_bad_quantities_are_refused(client, product, quantity, settings):
    assert settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD == 20
    product.stockrecords.update(num_in_stock=100)
    response = add_to_basket(client, product, quantity=quantity)
    assert response.status_code in (200, 302)
    assert basket_of(client).num_items == 0


def test_updating_a_line_beyond_stock_shows_an_error(client, product):
    add_to_basket(client, product)
    basket = basket_of(client)
    line = basket.all_lines()[0]
    response = change_quantity(client, line, 99)
    assert response.status_code == 200
    assert response.context["formset"].errors[0]["quantity"] or response.context["formset"].errors
    assert basket_of(client).num_items == 1


def test_guest_basket_merges_into_the_account_on_sign_in(
    client, product, second_product, user_factory
):
    from shop.partner.strategy import Selector

    user = user_factory(username="shopper")
    saved = Basket.objects.create(owner=user)
    saved.strategy = Selector().strategy()
    saved.add_product(second_product)
    add_to_basket(client, product)  # as a guest, in the cookie basket
    client.force_login(user)
    basket = basket_of(client)
    assert basket.owner == user
    assert sorted(line.product.title for line in basket.all_lines()) == [
        "Beeswax Candle",
        "Linen Tea Towel",
    ]


def add_line(basket, product, reference, age_hours=0):
    line = Line.objects.create(
        basket=basket,
        product=product,
        stockrecord=product.stockrecords.get(),
        quantity=1,
        price_currency="GBP",
        price_excl_tax=D("10.00"),
        price_incl_tax=D("12.00"),
        line_reference=reference,
    )
    Line.objects.filter(pk=line.pk).update(date_updated=timezone.now() - timedelta(hours=age_hours))


def make_basket(age_hours, status=Basket.OPEN, product=None):
    basket = Basket.objects.create()
    Basket.objects.filter(pk=basket.pk).update(
        date_created=timezone.now() - timedelta(hours=age_hours)
    )
    if product:
        add_line(basket, product, f"{product.pk}_x", age_hours)
    Basket.objects.filter(pk=basket.pk).update(status=status)
    return basket


def test_baskets_untouched_for_a_day_expire(product):
    stale = make_basket(25, product=product)
    fresh = make_basket(1, product=product)
    empty_old = make_basket(30)
    old_but_touched = make_basket(48)
    add_line(old_but_touched, product, "recent")
    frozen = make_basket(72, status=Basket.FROZEN, product=product)
    expire_stale_baskets()
    remaining = set(Basket.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining and empty_old.pk not in remaining
    assert {fresh.pk, old_but_touched.pk, frozen.pk} <= remaining


def test_expiry_runs_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"shop.tasks.expire_stale_baskets", "shop.tasks.send_low_stock_alerts"} <= tasks


def test_low_stock_alert_emails_shop_staff(countries, user_factory, settings):
    staff = user_factory(username="stock-keeper", roles=["Shop staff"])
    low = create_product(title="Nearly Gone", price=D("5.00"), num_in_stock=2)
    low.stockrecords.update(low_stock_threshold=3)
    plenty = create_product(title="Plenty", price=D("5.00"), num_in_stock=50)
    plenty.stockrecords.update(low_stock_threshold=3)
    assert send_low_stock_alerts() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    assert "Nearly Gone" in mail.outbox[0].body and "Plenty" not in mail.outbox[0].body


def test_prices_show_the_configured_tax(client, product, settings):
    html = client.get(product.get_absolute_url()).content.decode()
    assert "12.00" in html  # 10.00 + 20%
    settings.SHOP_TAX_RATE = "0"
    assert "10.00" in client.get(product.get_absolute_url()).content.decode()


def test_prices_can_be_shown_without_tax(client, product, settings):
    settings.SHOP_PRICES_INCLUDE_TAX = False
    html = client.get(product.get_absolute_url()).content.decode()
    assert "£10.00" in html and "excl. tax" in html
    assert "£12.00 incl. tax" in html
