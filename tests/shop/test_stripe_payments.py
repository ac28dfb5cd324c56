"""Card payments through Stripe: the SDK talks to FakeStripe, webhooks are really signed."""

import json
from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from tests.shop.conftest import post_webhook, start_guest_checkout

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
StripePaymentIntent = get_model("payment", "StripePaymentIntent")
StripeEvent = get_model("payment", "StripeEvent")

pytestmark = pytest.mark.django_db


def prepare(client):
    return client.post(reverse("checkout:stripe-prepare"), HTTP_ACCEPT="application/json")


def come_back(client, intent_id):
    return client.get(reverse("checkout:stripe-return"), {"payment_intent": intent_id})


@pytest.fixture
def paying(client, product, stripe_fake):
    """A guest at the preview step who pressed Pay: basket frozen, intent created."""
    start_guest_checkout(client, product)
    response = prepare(client)
    assert response.status_code == 200, response.content
    intent_id = response.json()["client_secret"].split("_secret")[0]
    return intent_id


def test_preview_offers_card_payment_not_the_demo(client, product, stripe_fake):
    start_guest_checkout(client, product)
    html = client.get(reverse("checkout:preview")).content.decode()
    assert 'id="stripe-payment-form"' in html and "pk_test_fake" in html
    assert "Demo payment" not in html
    # Placing an order without paying is refused.
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 400
    assert Order.objects.count() == 0


def test_prepare_creates_one_intent_for_the_order_total(client, paying, stripe_fake):
    record = StripePaymentIntent.objects.get()
    intent = stripe_fake.intents[paying]
    assert intent["amount"] == 1695  # 10.00 + 20% tax + 4.95 delivery
    assert intent["currency"] == "gbp"
    assert intent["metadata"]["order_number"] == record.order_number
    assert record.amount == D("16.95")
    assert record.checkout["guest_email"] == "guest@example.com"
    assert record.checkout["shipping_address"]["postcode"] == "BS1 4DJ"
    assert Basket.objects.get(pk=record.basket_id).status == Basket.FROZEN


def test_every_create_call_carries_an_idempotency_key(client, paying, stripe_fake):
    assert stripe_fake.responses, "Stripe saw no idempotency key"
    assert all(key.startswith("intent-") for key in stripe_fake.responses)


def test_returning_after_payment_places_the_order(
    client, paying, stripe_fake, django_capture_on_commit_callbacks
):
    stripe_fake.succeed(paying)
    with django_capture_on_commit_callbacks(execute=True):
        response = come_back(client, paying)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.stripe_intent.intent_id == paying
    assert order.sources.get().amount_debited == D("16.95")
    assert order.guest_email == "guest@example.com"
    assert client.get(reverse("checkout:thank-you")).context["order"] == order
    assert len(mail.outbox) == 1


def test_double_submitted_payment_gives_one_order_and_one_charge(client, product, stripe_fake):
    start_guest_checkout(client, product)
    first = prepare(client).json()
    client.post(reverse("checkout:stripe-cancel"))  # e.g. the first attempt was declined
    second = prepare(client).json()
    assert first["client_secret"] == second["client_secret"]
    assert stripe_fake.count("post", "/v1/payment_intents") == 1
    intent_id = first["client_secret"].split("_secret")[0]
    stripe_fake.succeed(intent_id)
    come_back(client, intent_id)
    come_back(client, intent_id)
    assert Order.objects.count() == 1


def test_order_not_placed_before_payment_succeeds(client, paying, stripe_fake):
    response = come_back(client, paying)  # still requires_payment_method
    assert Order.objects.count() == 0
    assert response.status_code == 302
    record = StripePaymentIntent.objects.get()
    assert Basket.objects.get(pk=record.basket_id).status == Basket.OPEN


def test_unknown_or_foreign_intent_is_404(client, paying, stripe_fake):
    assert come_back(client, "pi_doesnotexist").status_code == 404
    stripe_fake.succeed(paying)
    stranger = type(client)()
    assert come_back(stranger, paying).status_code == 404
    assert Order.objects.count() == 0


def test_shopper_closed_the_browser_the_webhook_places_the_order(
    client, paying, stripe_fake, django_capture_on_commit_callbacks
):
    intent = stripe_fake.succeed(paying)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, stripe_fake.event("payment_intent.succeeded", intent))
    assert response.status_code == 200
    order = Order.objects.get()
    assert order.guest_email == "guest@example.com"
    assert order.shipping_address.postcode == "BS1 4DJ"
    assert order.total_incl_tax == D("16.95")
    assert mail.outbox[0].to == ["guest@example.com"]
    # Coming back later finds the order instead of placing another.
    assert come_back(client, paying)["Location"] == reverse("checkout:thank-you")
    assert Order.objects.count() == 1


def test_webhook_delivered_five_times_out_of_order_gives_one_order(client, paying, stripe_fake):
    intent = stripe_fake.succeed(paying)
    succeeded = stripe_fake.event("payment_intent.succeeded", intent)
    created = stripe_fake.event("payment_intent.created", intent)
    charge = stripe_fake.event("charge.succeeded", stripe_fake.charge_for(paying))
    for event in [charge, succeeded, created, succeeded, charge, succeeded, succeeded, succeeded]:
        assert post_webhook(client, event).status_code == 200
    assert Order.objects.count() == 1
    assert StripeEvent.objects.filter(event_id=succeeded["id"]).count() == 1


def test_bad_signature_is_400_and_changes_nothing(client, paying, stripe_fake):
    intent = stripe_fake.succeed(paying)
    event = stripe_fake.event("payment_intent.succeeded", intent)
    assert post_webhook(client, event, secret="whsec_wrong").status_code == 400
    payload = json.dumps(event)
    unsigned = client.post(reverse("stripe-webhook"), payload, content_type="application/json")
    assert unsigned.status_code == 400
    assert Order.objects.count() == 0
    assert StripeEvent.objects.count() == 0


def test_order_that_cannot_be_placed_after_payment_is_refunded(
    client, paying, stripe_fake, product, django_capture_on_commit_callbacks, settings
):
    settings.SHOP_STAFF_EMAILS = ["ops@example.com"]
    product.stockrecords.update(num_in_stock=0)  # sold out while the shopper was paying
    intent = stripe_fake.succeed(paying)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, stripe_fake.event("payment_intent.succeeded", intent))
    assert response.status_code == 200
    assert Order.objects.count() == 0
    assert stripe_fake.refunded(paying) == 1695
    record = StripePaymentIntent.objects.get()
    assert record.status == StripePaymentIntent.Status.REFUNDED
    assert "sold out" in record.failure_reason
    assert any("ops@example.com" in m.to and "refunded" in m.subject for m in mail.outbox)
    # The shopper coming back is told, not charged twice or shown a 500.
    response = come_back(client, paying)
    assert response.status_code == 302
    assert stripe_fake.refunded(paying) == 1695


def test_amount_mismatch_is_refunded_not_fulfilled(
    client, paying, stripe_fake, django_capture_on_commit_callbacks
):
    intent = stripe_fake.succeed(paying)
    intent["amount_received"] = 100  # Stripe says 1.00 was taken, not 16.95
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, stripe_fake.event("payment_intent.succeeded", intent))
    assert Order.objects.count() == 0
    assert StripePaymentIntent.objects.get().status == StripePaymentIntent.Status.REFUNDED


def test_payment_failed_thaws_the_basket_and_tells_the_shopper(
    client, paying, stripe_fake, django_capture_on_commit_callbacks
):
    intent = stripe_fake.decline(paying)
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, stripe_fake.event("payment_intent.payment_failed", intent))
    record = StripePaymentIntent.objects.get()
    assert record.status == StripePaymentIntent.Status.FAILED
    assert Basket.objects.get(pk=record.basket_id).status == Basket.OPEN
    assert mail.outbox[0].to == ["guest@example.com"]
    assert "declined" in mail.outbox[0].body


def test_refund_in_stripe_is_recorded_once(client, paying, stripe_fake):
    intent = stripe_fake.succeed(paying)
    post_webhook(client, stripe_fake.event("payment_intent.succeeded", intent))
    stripe_fake.create_refund({"payment_intent": paying, "amount": "500"})
    refunded = stripe_fake.event("charge.refunded", stripe_fake.charge_for(paying))
    post_webhook(client, refunded)
    post_webhook(client, refunded | {"id": "evt_again"})  # same state, another event
    order = Order.objects.get()
    refunds = order.payment_events.filter(event_type__code="refunded")
    assert [e.amount for e in refunds] == [D("5.00")]
    assert order.status == "Paid"  # partial refund
    stripe_fake.create_refund({"payment_intent": paying})
    post_webhook(client, stripe_fake.event("charge.refunded", stripe_fake.charge_for(paying)))
    order.refresh_from_db()
    assert order.status == "Refunded"


def test_refund_before_the_order_exists_is_retried_later(client, paying, stripe_fake):
    stripe_fake.succeed(paying)
    event = stripe_fake.event("charge.refunded", stripe_fake.charge_for(paying))
    assert post_webhook(client, event).status_code == 409
    assert StripeEvent.objects.count() == 0  # so Stripe's retry is processed


def test_dispute_flags_the_order_for_staff(
    client, paying, stripe_fake, django_capture_on_commit_callbacks, settings
):
    settings.SHOP_STAFF_EMAILS = ["ops@example.com"]
    intent = stripe_fake.succeed(paying)
    post_webhook(client, stripe_fake.event("payment_intent.succeeded", intent))
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "payment_intent": paying,
        "reason": "fraudulent",
        "charge": intent["latest_charge"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, stripe_fake.event("charge.dispute.created", dispute))
    order = Order.objects.get()
    assert order.disputed
    assert "fraudulent" in order.notes.get().message
    assert any("disputed" in m.subject for m in mail.outbox)


def test_processing_failure_answers_500_so_stripe_retries(client, paying, stripe_fake, monkeypatch):
    from shop.payment import webhooks

    def broken(intent):
        raise RuntimeError("database hiccup")

    monkeypatch.setitem(webhooks.HANDLERS, "payment_intent.succeeded", broken)
    event = stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(paying))
    assert post_webhook(client, event).status_code == 500
    assert StripeEvent.objects.count() == 0
    monkeypatch.undo()
    assert post_webhook(client, event).status_code == 200
    assert Order.objects.count() == 1


def test_stripe_outage_at_prepare_is_a_clear_error(client, product, stripe_fake):
    start_guest_checkout(client, product)
    stripe_fake.fail_next = 500
    response = prepare(client)
    assert response.status_code == 502
    assert "Nothing was charged" in response.json()["error"]
    basket = client.get(reverse("basket:summary")).context["basket"]
    assert basket.num_items == 1 and basket.status == Basket.OPEN
    # Pressing Pay again, once Stripe answers, creates the payment for the reserved record.
    client.get(reverse("checkout:preview"))
    response = prepare(client)
    assert response.status_code == 200, response.content
    record = StripePaymentIntent.objects.get()
    assert response.json()["client_secret"].startswith(record.intent_id + "_secret")


def test_paying_again_after_an_automatic_refund_uses_a_new_order_number(
    client, paying, stripe_fake, product, django_capture_on_commit_callbacks
):
    product.stockrecords.update(num_in_stock=0)
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(
            client, stripe_fake.event("payment_intent.succeeded", stripe_fake.succeed(paying))
        )
    assert StripePaymentIntent.objects.get().status == StripePaymentIntent.Status.REFUNDED
    product.stockrecords.update(num_in_stock=5)  # restocked; the shopper tries again
    client.get(reverse("checkout:preview"))
    retry = prepare(client)
    assert retry.status_code == 200
    second = retry.json()["client_secret"].split("_secret")[0]
    assert second != paying
    stripe_fake.succeed(second)
    come_back(client, second)
    order = Order.objects.get()
    first_number = StripePaymentIntent.objects.get(intent_id=paying).order_number
    assert order.number == f"{first_number}-2"


def test_prepare_with_an_empty_basket_creates_no_payment(client, stripe_fake, countries):
    response = prepare(client)
    assert response.status_code == 302  # back to the basket, as every checkout step does
    assert stripe_fake.count("post", "/v1/payment_intents") == 0
    assert not StripePaymentIntent.objects.exists()


def test_card_endpoints_do_not_exist_without_stripe_keys(client, product):
    start_guest_checkout(client, product)
    assert prepare(client).status_code == 404
    assert Basket.objects.get().status == Basket.OPEN


@pytest.mark.parametrize("name", ["stripe-webhook", "order-cancel"])
def test_state_changing_endpoints_refuse_get(client, user_factory, name):
    client.force_login(user_factory(username="curious"))
    url = reverse(name) if name == "stripe-webhook" else reverse(name, args=["100001"])
    assert client.get(url).status_code == 405
