"""A newsletter sign-up while the task broker is down: the person is told it worked at once,
and the confirmation email goes out (once) when the broker is back."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from marketing.models import Subscriber
from outbox.delivery import deliver_due
from outbox.models import PendingTask
from outbox.tasks import deliver_outbox
from tests.shop.test_broker_outage import FAIL_FAST_SECONDS, broker  # noqa: F401 (a fixture)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signing_up_while_the_broker_is_down_confirms_later(client, news_list, broker):  # noqa: F811
    started = time.monotonic()
    response = client.post(
        reverse("marketing:signup"), {"email": "reader@example.com", "consent": "on"}
    )
    assert time.monotonic() - started < FAIL_FAST_SECONDS
    assert (response.status_code, response["Location"]) == (302, reverse("marketing:signup-sent"))
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert mail.outbox == []
    waiting = PendingTask.objects.get()
    assert (waiting.task, waiting.args) == (
        "marketing.tasks.send_confirmation_email",
        [subscriber.pk],
    )

    deliver_due()  # still down: kept
    assert PendingTask.objects.count() == 1

    broker.back()
    deliver_outbox.delay()
    deliver_outbox.delay()
    assert [message.to for message in mail.outbox] == [["reader@example.com"]]
    assert "confirm" in mail.outbox[0].subject.lower()
    assert not PendingTask.objects.exists()
