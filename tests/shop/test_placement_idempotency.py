"""A "Place order" is idempotent: one checkout gives one order however often it is submitted,
every submission ends on that order's thank-you page, and the basket it came from, once
Submitted, never becomes Open or Frozen again (the model refuses, the database refuses)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from shop.basket.models import BasketAlreadySubmitted
from tests.shop.conftest import ADDRESS, add_to_basket, post_webhook, start_guest_checkout

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
StripePaymentIntent = get_model("payment", "StripePaymentIntent")
OrderPlacementMixin = get_class("checkout.mixins", "OrderPlacementMixin")

THANK_YOU = reverse("checkout:thank-you")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite ignores them)"
)
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def place_order(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def start_signed_in_checkout(client, product):
    add_to_basket(client, product)
    response = client.post(reverse("checkout:shipping-address"), ADDRESS, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:preview"), response.redirect_chain
    return client


def same_session(client, count):
    """`count` browser tabs of one shopper: separate clients sharing the session cookies."""
    tabs = []
    for _ in range(count):
        tab = Client()
        for name, morsel in client.cookies.items():
            tab.cookies[name] = morsel.value
        tabs.append(tab)
    return tabs


def all_at_once(requests):
    """Run each request in its own thread (own database connection), released together."""
    start = threading.Barrier(len(requests))

    def run(request):
        try:
            start.wait(timeout=30)
            return request()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, requests))


def submit_from_every_tab(tabs):
    return all_at_once([lambda tab=tab: place_order(tab) for tab in tabs])


def assert_one_order_and_every_tab_thanked(responses, tabs):
    assert [(r.status_code, r.get("Location")) for r in responses] == [(302, THANK_YOU)] * len(
        responses
    )
    order = Order.objects.get()
    for tab in tabs:
        assert tab.get(THANK_YOU).context["order"] == order
    basket = Basket.objects.get(pk=order.basket_id)
    assert basket.status == Basket.SUBMITTED
    assert order.number == str(100000 + basket.pk)
    return order


def assert_next_checkout_works(client, product, start_checkout, first_order):
    start_checkout(client, product)
    response = place_order(client)
    assert (response.status_code, response["Location"]) == (302, THANK_YOU)
    second = Order.objects.exclude(pk=first_order.pk).get()
    assert second.basket_id != first_order.basket_id
    assert Basket.objects.get(pk=first_order.basket_id).status == Basket.SUBMITTED
    return second


@postgresql_only
@concurrent
@pytest.mark.parametrize("submits", [2, 5])
def test_a_guest_submitting_at_once_gets_one_order(countries, product, submits):
    client = start_guest_checkout(Client(), product)
    tabs = same_session(client, submits)
    responses = submit_from_every_tab(tabs)
    order = assert_one_order_and_every_tab_thanked(responses, tabs)
    assert product.stockrecords.get().num_allocated == 1
    assert_next_checkout_works(client, product, start_guest_checkout, order)


@postgresql_only
@concurrent
@pytest.mark.parametrize("submits", [2, 5])
def test_a_signed_in_shopper_submitting_at_once_gets_one_order(
    countries, product, user_factory, submits
):
    shopper = user_factory(username="keen")
    client = Client()
    client.force_login(shopper)
    start_signed_in_checkout(client, product)
    tabs = same_session(client, submits)
    responses = submit_from_every_tab(tabs)
    order = assert_one_order_and_every_tab_thanked(responses, tabs)
    assert order.user == shopper
    # No submitted basket came back as the shopper's open basket.
    assert not Basket.open.filter(owner=shopper, lines__isnull=False).exists()
    second = assert_next_checkout_works(client, product, start_signed_in_checkout, order)
    assert second.user == shopper
    entry = UserAddress.objects.get(user=shopper)
    assert entry.num_orders_as_shipping_address == 2


def test_submitting_again_after_the_order_shows_its_thank_you_page(client, product):
    start_guest_checkout(client, product)
    first = place_order(client)
    again = place_order(client)  # the back button and "Place order" once more
    assert [(r.status_code, r["Location"]) for r in (first, again)] == [(302, THANK_YOU)] * 2
    order = Order.objects.get()
    assert client.get(THANK_YOU).context["order"] == order
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED


# The basket itself: Submitted is final.


@pytest.fixture
def submitted_basket(db, product):
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(product)
    stale_copy = Basket.objects.get(pk=basket.pk)
    basket.submit()
    return basket, stale_copy


def test_the_model_refuses_to_thaw_or_freeze_a_submitted_basket(submitted_basket):
    basket, stale_copy = submitted_basket
    for change in (basket.thaw, basket.freeze, stale_copy.thaw, stale_copy.freeze):
        with pytest.raises(BasketAlreadySubmitted):
            change()
    assert Basket.objects.get(pk=basket.pk).status == Basket.SUBMITTED


def test_the_database_refuses_to_reopen_a_submitted_basket(submitted_basket):
    basket, stale_copy = submitted_basket
    stale_copy.status = Basket.OPEN  # a copy read before the order was placed
    with pytest.raises(IntegrityError), transaction.atomic():
        stale_copy.save()
    for status in (Basket.OPEN, Basket.FROZEN, Basket.MERGED, Basket.SAVED):
        with pytest.raises(IntegrityError), transaction.atomic():
            Basket.objects.filter(pk=basket.pk).update(status=status)
    assert Basket.objects.get(pk=basket.pk).status == Basket.SUBMITTED


def test_thawing_a_payment_never_reopens_a_submitted_basket(submitted_basket):
    basket, _ = submitted_basket
    record = StripePaymentIntent(basket=basket, amount=1, currency="GBP", checkout={})
    assert record.thaw_basket() is False
    assert Basket.objects.get(pk=basket.pk).status == Basket.SUBMITTED


# Stripe: the shopper's return and the webhook race; returns repeat.


def prepare(client):
    response = client.post(reverse("checkout:stripe-prepare"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json()["client_secret"].split("_secret")[0]


def come_back(client, intent_id):
    return client.get(reverse("checkout:stripe-return"), {"payment_intent": intent_id})


def test_coming_back_from_stripe_again_shows_the_same_order(client, product, stripe_fake):
    start_guest_checkout(client, product)
    intent_id = prepare(client)
    stripe_fake.succeed(intent_id)
    responses = [come_back(client, intent_id) for _ in range(3)]
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, THANK_YOU)] * 3
    assert client.get(THANK_YOU).context["order"] == Order.objects.get()


def test_a_late_cancel_from_the_browser_leaves_the_paid_basket_submitted(
    client, product, stripe_fake
):
    start_guest_checkout(client, product)
    intent_id = prepare(client)
    intent = stripe_fake.succeed(intent_id)
    post_webhook(client, stripe_fake.event("payment_intent.succeeded", intent))
    client.post(reverse("checkout:stripe-cancel"))  # the page's script gave up meanwhile
    order = Order.objects.get()
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0


@postgresql_only
@concurrent
def test_stripe_return_and_webhooks_racing_give_one_order(countries, product, stripe_fake):
    client = start_guest_checkout(Client(), product)
    intent_id = prepare(client)
    intent = stripe_fake.succeed(intent_id)
    tabs = same_session(client, 3)
    # Stripe may send the event more than once, under different event ids.
    events = [stripe_fake.event("payment_intent.succeeded", intent) for _ in range(2)]
    requests = [lambda tab=tab: come_back(tab, intent_id) for tab in tabs] + [
        lambda event=event: post_webhook(Client(), event) for event in events
    ]
    responses = all_at_once(requests)
    returns, webhooks = responses[: len(tabs)], responses[len(tabs) :]
    assert [(r.status_code, r["Location"]) for r in returns] == [(302, THANK_YOU)] * len(tabs)
    assert [r.status_code for r in webhooks] == [200] * len(events)
    order = Order.objects.get()
    assert order.stripe_intent.intent_id == intent_id
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    assert len(mail.outbox) == 1
    assert come_back(client, intent_id)["Location"] == THANK_YOU


# The address book under concurrent checkouts of one shopper.


@postgresql_only
@concurrent
def test_two_checkouts_adding_one_address_at_once_share_one_entry(
    countries, user_factory, monkeypatch
):
    shopper = user_factory(username="twice")
    country = Country.objects.get(iso_3166_1_a2="GB")
    fields = {key: value for key, value in ADDRESS.items() if key != "country"}
    both_found_none = threading.Barrier(2)
    waited = threading.local()
    original_save = UserAddress.save

    def save_once_both_looked(entry, *args, **kwargs):
        # Both checkouts have looked the address up, and not found it, before either adds it.
        if not getattr(waited, "done", False):
            waited.done = True
            both_found_none.wait(timeout=30)
        return original_save(entry, *args, **kwargs)

    def add_to_address_book():
        OrderPlacementMixin().update_address_book(
            shopper, ShippingAddress(country=country, **fields)
        )

    monkeypatch.setattr(UserAddress, "save", save_once_both_looked)
    all_at_once([add_to_address_book, add_to_address_book])
    entry = UserAddress.objects.get(user=shopper)
    assert entry.num_orders_as_shipping_address == 2
