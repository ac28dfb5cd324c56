"""With the task broker down, a placed order is still a success for the shopper, and the work
queued on its commit (the order email, search indexing) reaches a worker once it is back."""

import time

import pytest
from django.core import mail
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from config.celery import app as celery_app
from core.tasks import heartbeat
from outbox.delivery import deliver_due, enqueue_on_commit
from outbox.models import PendingTask
from outbox.tasks import deliver_outbox
from shop.tasks import send_order_email
from tests.shop.conftest import start_guest_checkout

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")

CLOSED_PORT = "redis://127.0.0.1:9/0"
# Queueing against a dead broker gives up within this (Celery's defaults took ~19 s).
FAIL_FAST_SECONDS = 5


def reset_broker_connections():
    """Publish through a fresh connection pool after the broker settings changed."""
    from kombu import pools

    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """Celery as in production (not eager), publishing to a Redis that is down; `.back()`
    brings a working broker back (tasks run in-process from then on)."""

    class Broker:
        def back(self):
            celery_app.conf.task_always_eager = True

    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=CLOSED_PORT)
    reset_broker_connections()
    yield Broker()
    celery_app.conf.update(saved)
    reset_broker_connections()


def place_order(client):
    started = time.monotonic()
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    return response, time.monotonic() - started


def pending(task):
    return list(PendingTask.objects.filter(task=task.name).values_list("args", flat=True))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_order_placed_while_the_broker_is_down_succeeds_and_its_email_follows(
    client, product, broker
):
    start_guest_checkout(client, product)
    response, seconds = place_order(client)
    assert (response.status_code, response["Location"]) == (302, reverse("checkout:thank-you"))
    assert seconds < FAIL_FAST_SECONDS
    order = Order.objects.get()
    assert order.status == "Paid"
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    assert client.get(reverse("checkout:thank-you")).context["order"] == order
    assert mail.outbox == []
    assert pending(send_order_email) == [[order.pk, "ORDER_PLACED"]]
    assert any(f"product:{product.pk}" in args[0] for args in pending_index_calls())

    deliver_due()  # a delivery run before the broker is back: nothing is lost
    assert pending(send_order_email) == [[order.pk, "ORDER_PLACED"]]

    broker.back()
    deliver_outbox.delay()
    deliver_outbox.delay()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["guest@example.com"]
    assert order.number in mail.outbox[0].subject + mail.outbox[0].body
    assert not PendingTask.objects.exists()


def pending_index_calls():
    from search.tasks import index_documents

    return pending(index_documents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_apps_failing_commit_hook_does_not_fail_a_placed_order(client, product, broker):
    """Work other apps queue on the order's commit with a bare `.delay` fails in an outage."""

    @receiver(order_placed, weak=False)
    def queue_something_fragile(sender, order, **kwargs):
        transaction.on_commit(lambda: send_order_email.delay(order.pk, "ORDER_PLACED"))

    start_guest_checkout(client, product)
    try:
        response, _ = place_order(client)
    finally:
        order_placed.disconnect(queue_something_fragile)
    assert (response.status_code, response["Location"]) == (302, reverse("checkout:thank-you"))
    order = Order.objects.get()
    assert Basket.objects.get(pk=order.basket_id).status == Basket.SUBMITTED
    # The hooks after the failing one never ran: the outbox still has the order email.
    assert pending(send_order_email) == [[order.pk, "ORDER_PLACED"]]


def test_a_call_that_is_refused_does_not_hold_up_the_others(db, caplog):
    refused = PendingTask.objects.create(task="shop.tasks.no_such_task", args=[1])
    enqueue_on_commit(heartbeat)  # in the test's transaction: its commit never comes
    deliver_due()
    refused.refresh_from_db()
    assert refused.failures == 1 and "no_such_task" in refused.last_error
    assert refused.next_attempt > refused.created
    assert list(PendingTask.objects.all()) == [refused]
    assert "shop.tasks.no_such_task" in caplog.text
