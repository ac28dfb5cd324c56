"""Who sees which order, cancelling before shipping, staff refunds, and order emails."""

from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import PartnerFactory, create_order, create_product

from tests.shop.conftest import post_webhook, start_guest_checkout

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def demo_order(client, product, **kwargs):
    start_guest_checkout(client, product, **kwargs)
    client.post(reverse("checkout:preview"), {"action": "place_order"})
    return Order.objects.latest("id")


def test_another_users_order_is_404(client, user_factory, product):
    owner, stranger = user_factory(username="owner"), user_factory(username="stranger")
    order = create_order(user=owner)
    client.force_login(stranger)
    assert client.get(reverse("customer:order", args=[order.number])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("customer:order", args=[order.number])).status_code == 200


def test_guest_order_link_in_the_email_is_signed(
    client, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = demo_order(client, product)
    signed = reverse("customer:anon-order", args=[order.number, order.verification_hash()])
    assert signed in mail.outbox[0].body
    forged = reverse("customer:anon-order", args=[order.number, "0:forged"])
    response = type(client)().get(forged)
    assert response.status_code in (302, 404)
    assert order.number not in response.content.decode()


def test_customer_cancels_before_shipping(
    client, user_factory, product, django_capture_on_commit_callbacks
):
    user = user_factory(username="buyer")
    client.force_login(user)
    order = demo_order(client, product)
    assert order.user == user
    record = product.stockrecords.get()
    record.refresh_from_db()
    assert record.num_allocated == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("order-cancel", args=[order.number]))
    assert response.status_code == 302
    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == "Cancelled"
    assert record.num_allocated == 0
    assert order.sources.get().amount_refunded == order.total_incl_tax
    assert any("cancelled" in m.subject.lower() for m in mail.outbox)


def test_shipped_orders_cannot_be_cancelled(client, user_factory, product):
    client.force_login(user_factory(username="buyer"))
    order = demo_order(client, product)
    order.set_status("Shipped")
    client.post(reverse("order-cancel", args=[order.number]))
    order.refresh_from_db()
    assert order.status == "Shipped"


def test_nobody_else_can_cancel_an_order(client, user_factory, product):
    client.force_login(user_factory(username="buyer"))
    order = demo_order(client, product)
    client.force_login(user_factory(username="mallory"))
    assert client.post(reverse("order-cancel", args=[order.number])).status_code == 404
    anonymous = type(client)()
    forged = reverse("anon-order-cancel", args=[order.number, "1:forged"])
    assert anonymous.post(forged).status_code == 404
    order.refresh_from_db()
    assert order.status == "Paid"


def test_guest_cancels_through_the_signed_link(client, product):
    order = demo_order(client, product)
    link = reverse("anon-order-cancel", args=[order.number, order.verification_hash()])
    assert type(client)().post(link).status_code == 302
    order.refresh_from_db()
    assert order.status == "Cancelled"


def test_cancelling_a_card_order_refunds_through_stripe(
    client, product, stripe_fake, django_capture_on_commit_callbacks
):
    start_guest_checkout(client, product)
    intent_id = client.post(reverse("checkout:stripe-prepare")).json()["client_secret"][:11]
    post_webhook(
        client, stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(intent_id))
    )
    order = Order.objects.get()
    link = reverse("anon-order-cancel", args=[order.number, order.verification_hash()])
    with django_capture_on_commit_callbacks(execute=True):  # the refund goes after the commit
        client.post(link)
    assert stripe_fake.refunded(intent_id) == 1695
    order.refresh_from_db()
    assert order.status == "Cancelled"


@pytest.fixture
def shop_staff(client, user_factory, home_page):
    staff = user_factory(username="staff", roles=["Shop staff"])
    client.force_login(staff)
    return staff


def refund(client, order, amount):
    return client.post(reverse("order-refund", args=[order.number]), {"amount": amount})


def test_staff_refund_partial_then_full(
    client, product, shop_staff, django_capture_on_commit_callbacks
):
    order = demo_order(type(client)(), product)
    with django_capture_on_commit_callbacks(execute=True):
        refund(client, order, "5.00")
    order.refresh_from_db()
    assert order.status == "Paid"
    assert order.sources.get().amount_refunded == D("5.00")
    assert any("Refund" in m.subject for m in mail.outbox)
    refund(client, order, str(order.total_incl_tax - D("5.00")))
    order.refresh_from_db()
    assert order.status == "Refunded"
    events = order.payment_events.filter(event_type__code="refunded")
    assert sum(e.amount for e in events) == order.total_incl_tax


@pytest.mark.parametrize("amount", ["0", "-1", "abc", "9999.00"])
def test_bad_refund_amounts_are_refused(client, product, shop_staff, amount):
    order = demo_order(type(client)(), product)
    response = refund(client, order, amount)
    assert response.status_code == 302
    assert not order.payment_events.filter(event_type__code="refunded").exists()


def test_staff_refund_of_a_card_order_goes_through_stripe(client, product, stripe_fake, shop_staff):
    shopper = type(client)()
    start_guest_checkout(shopper, product)
    intent_id = shopper.post(reverse("checkout:stripe-prepare")).json()["client_secret"][:11]
    post_webhook(
        shopper, stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(intent_id))
    )
    order = Order.objects.get()
    refund(client, order, "6.95")
    assert stripe_fake.refunded(intent_id) == 695
    # Stripe's webhook for the same refund records nothing twice.
    post_webhook(shopper, stripe_fake.event("charge.refunded", stripe_fake.charge_for(intent_id)))
    assert order.payment_events.filter(event_type__code="refunded").count() == 1


def test_refunds_need_shop_staff(client, user_factory, product, home_page):
    order = demo_order(type(client)(), product)
    client.force_login(user_factory(username="marketer", roles=["Marketers"]))
    response = refund(client, order, "1.00")
    assert response.status_code in (302, 403)
    assert not order.payment_events.filter(event_type__code="refunded").exists()


def basket_of(product):
    from oscar.test.factories import create_basket

    basket = create_basket(empty=True)
    basket.add_product(product)
    return basket


def test_venue_provider_sees_only_orders_with_their_services(client, user_factory, home_page):
    provider = user_factory(username="provider", roles=["Venue providers"])
    ours = PartnerFactory(name="Our Spa")
    ours.users.add(provider)
    our_order = create_order(
        basket=basket_of(
            create_product(title="Massage", partner_name="Our Spa", price=D("30"), num_in_stock=5)
        )
    )
    other = create_order(
        basket=basket_of(
            create_product(title="Facial", partner_name="Other Spa", price=D("40"), num_in_stock=5)
        )
    )
    client.force_login(provider)
    listing = client.get(reverse("dashboard:order-list"))
    assert listing.status_code == 200
    numbers = [order.number for order in listing.context["orders"]]
    assert numbers == [str(our_order.number)]
    assert client.get(reverse("dashboard:order-detail", args=[other.number])).status_code == 404
