"""Exactly-once sending: snapshot, batches, crash recovery, suppression, retries, A/B, schedule."""

import smtplib
import time
from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from accounts.consent import suppress_email
from marketing import sending, tasks
from marketing.models import Delivery, Newsletter, Subscriber
from marketing.rate_limit import TokenBucket
from tests.marketing.conftest import make_newsletter, make_subscriber

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def send_everything(newsletter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.start_send(newsletter.pk)


def test_every_subscriber_gets_one_message_with_one_click_headers(
    newsletter, subscribers, django_capture_on_commit_callbacks
):
    send_everything(newsletter, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/newsletter/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    assert "<table" in html and 'style="' in html  # table layout, inline styles
    assert "/newsletter/c/" in html and "/newsletter/o/" in html  # tracked
    assert "our story (https://example.org/story)" in message.body  # plain-text part
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.SENT
    assert set(newsletter.deliveries.values_list("status", flat=True)) == {Status.SENT}


def test_starting_twice_sends_nothing_twice(
    newsletter, subscribers, django_capture_on_commit_callbacks
):
    send_everything(newsletter, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert not sending.start_send(newsletter.pk)
        tasks.dispatch_newsletter(newsletter.pk)
    assert len(mail.outbox) == len(subscribers)
    assert Delivery.objects.count() == len(subscribers)


def test_suppressed_unsubscribed_and_pending_addresses_never_get_mail(
    newsletter, news_list, subscribers, django_capture_on_commit_callbacks
):
    make_subscriber("pending@example.com", news_list, status=Subscriber.Status.PENDING)
    make_subscriber("gone@example.com", news_list, status=Subscriber.Status.UNSUBSCRIBED)
    suppress_email("READER0@example.com", "bounce")
    # Changes between the snapshot and the send are honoured too.
    sending.snapshot_recipients(newsletter)
    Subscriber.objects.filter(email="reader1@example.com").update(
        status=Subscriber.Status.UNSUBSCRIBED
    )
    suppress_email("reader2@example.com", "complaint")
    send_everything(newsletter, django_capture_on_commit_callbacks)
    received = {m.to[0] for m in mail.outbox}
    assert received == {"reader3@example.com", "reader4@example.com"}
    assert newsletter.deliveries.filter(status=Status.SKIPPED).count() == 2


class DyingConnection(EmailBackend):
    """Delivers `survive` messages, then the process 'dies' during the next SMTP call."""

    def __init__(self, survive, **kwargs):
        super().__init__(**kwargs)
        self.survive = survive

    def send_messages(self, messages):
        if self.survive == 0:
            raise SystemExit("worker killed")  # not an Exception: nothing in the task catches it
        self.survive -= 1
        return super().send_messages(messages)


def test_a_worker_killed_mid_send_leaves_no_duplicate_and_no_skipped_recipient(
    newsletter, news_list, settings
):
    for n in range(10):
        make_subscriber(f"more{n}@example.com", news_list)
    sending.snapshot_recipients(newsletter)
    batch = sending.claim_batch(newsletter.pk, size=100)
    with pytest.raises(SystemExit):
        sending.send_batch(newsletter.pk, batch, connection=DyingConnection(survive=4))
    assert len(mail.outbox) == 4
    # The broker redelivers the unacknowledged task (acks_late + reject_on_worker_lost).
    sending.send_batch(newsletter.pk, batch, connection=EmailBackend())
    counts = newsletter.delivery_counts()
    assert counts[Status.UNKNOWN] == 1  # the one in flight: maybe sent, so never again
    assert counts[Status.SENT] == 9
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 9
    unknown = newsletter.deliveries.get(status=Status.UNKNOWN).subscriber.email
    assert unknown not in recipients
    assert set(recipients) | {unknown} == set(Subscriber.objects.values_list("email", flat=True))


def test_rows_left_sending_by_a_dead_worker_become_unknown(newsletter, subscribers):
    sending.snapshot_recipients(newsletter)
    Delivery.objects.update(status=Status.SENDING)
    later = timezone.now() + timedelta(hours=1)
    assert sending.mark_stale_sending_unknown(later) == len(subscribers)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.UNKNOWN}


class BusyServer(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"Try again later")


def test_a_temporary_refusal_is_retried_and_then_sent(newsletter, subscribers):
    sending.snapshot_recipients(newsletter)
    batch = sending.claim_batch(newsletter.pk)
    with pytest.raises(sending.TransientSendError):
        sending.send_batch(newsletter.pk, batch, connection=BusyServer())
    assert newsletter.deliveries.filter(status=Status.QUEUED).count() == len(subscribers)
    sending.send_batch(newsletter.pk, batch, connection=EmailBackend())
    assert len(mail.outbox) == len(subscribers)


def test_a_permanent_refusal_fails_that_row_only(newsletter, subscribers):
    class Refuses(EmailBackend):
        def send_messages(self, messages):
            if messages[0].to == ["reader0@example.com"]:
                raise smtplib.SMTPRecipientsRefused({"reader0@example.com": (550, b"No such user")})
            return super().send_messages(messages)

    sending.snapshot_recipients(newsletter)
    batch = sending.claim_batch(newsletter.pk)
    sending.send_batch(newsletter.pk, batch, connection=Refuses())
    assert (
        newsletter.deliveries.get(subscriber__email="reader0@example.com").status == Status.FAILED
    )
    assert len(mail.outbox) == len(subscribers) - 1


def test_the_rate_limit_holds():
    bucket = TokenBucket(rate=50, burst=5)
    started = time.monotonic()
    for _ in range(30):
        bucket.acquire()
    # 5 from the full bucket, then 25 at 50 a second: at least half a second.
    assert time.monotonic() - started >= 0.45


def test_the_redis_rate_limit_is_shared(settings):
    redis = pytest.importorskip("redis")
    url = settings.REDIS_URL or "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable")
    key = f"test:rate:{time.time()}"
    first, second = (TokenBucket(rate=40, burst=4, key=key, redis_url=url) for _ in range(2))
    started = redis_seconds(first)
    for _ in range(12):  # two "workers" taking turns from one bucket
        first.acquire()
        second.acquire()
    # 24 messages: 4 at once, 20 more at 40 a second, on the bucket's own (Redis') clock.
    assert redis_seconds(first) - started >= 0.5


def test_a_worker_with_an_older_clock_reading_still_gets_a_waiting_token(settings):
    redis = pytest.importorskip("redis")
    url = settings.REDIS_URL or "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable")
    bucket = TokenBucket(rate=1, burst=2, key=f"test:rate:{time.time()}", redis_url=url)
    take = partial(bucket._take, keys=[bucket.key])
    assert take(args=[1, 2, 10_000]) == 0  # one of two tokens, at t=10 s
    # A worker that read the clock earlier (t=9.5 s) but arrives later: the token is there.
    assert take(args=[1, 2, 9_500]) == 0
    assert take(args=[1, 2, 10_000]) > 0  # and now the bucket is empty


def redis_seconds(bucket):
    seconds, micros = bucket.redis.time()
    return seconds + micros / 1e6


def test_batches_are_claimed_once(newsletter, subscribers, settings):
    sending.snapshot_recipients(newsletter)
    first = sending.claim_batch(newsletter.pk, size=3)
    second = sending.claim_batch(newsletter.pk, size=3)
    assert sending.claim_batch(newsletter.pk, size=3) is None
    assert Delivery.objects.filter(batch=first).count() == 3
    assert Delivery.objects.filter(batch=second).count() == 2


def test_sending_a_batch_takes_a_fixed_number_of_queries_per_message(
    newsletter, news_list, django_assert_max_num_queries
):
    for n in range(20):
        make_subscriber(f"many{n}@example.com", news_list)
    sending.snapshot_recipients(newsletter)
    batch = sending.claim_batch(newsletter.pk, size=100)
    render = sending.render_message(newsletter)  # warm the template cache
    assert render.subject
    # Setup (recover, rows, newsletter, suppression), then one UPDATE per message (marking the
    # previous one sent and claiming the next), and the last one marked sent at the end.
    with django_assert_max_num_queries(8 + 20 + 1):
        assert sending.send_batch(newsletter.pk, batch, connection=EmailBackend()) == 20


def test_a_scheduled_newsletter_starts_when_due(
    news_list, subscribers, django_capture_on_commit_callbacks
):
    due = make_newsletter(
        news_list,
        status=Newsletter.Status.SCHEDULED,
        scheduled_at=timezone.now() - timedelta(minutes=1),
    )
    later = make_newsletter(
        news_list,
        title="Later",
        status=Newsletter.Status.SCHEDULED,
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.dispatch_due_newsletters()
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Newsletter.Status.SENT
    assert later.status == Newsletter.Status.SCHEDULED
    assert len(mail.outbox) == len(subscribers)


def test_ab_test_sends_the_sample_then_the_winner_to_the_rest(
    news_list, django_capture_on_commit_callbacks
):
    for n in range(20):
        make_subscriber(f"ab{n}@example.com", news_list)
    newsletter = make_newsletter(
        news_list, subject_b="Subject B wins", ab_sample_percent=50, ab_wait_minutes=60
    )
    send_everything(newsletter, django_capture_on_commit_callbacks)
    newsletter.refresh_from_db()
    assert newsletter.status == Newsletter.Status.TESTING
    assert len(mail.outbox) == 10
    assert {m.subject for m in mail.outbox} == {"New venues this month", "Subject B wins"}
    assert newsletter.deliveries.filter(status=Status.HELD).count() == 10
    newsletter.deliveries.filter(variant="b").update(opened_at=timezone.now())
    # Not yet time: nothing happens.
    tasks.dispatch_due_newsletters()
    assert len(mail.outbox) == 10
    Newsletter.objects.filter(pk=newsletter.pk).update(ab_decide_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        tasks.dispatch_due_newsletters()
    newsletter.refresh_from_db()
    assert newsletter.ab_winner == "b"
    assert newsletter.status == Newsletter.Status.SENT
    assert [m.subject for m in mail.outbox[10:]] == ["Subject B wins"] * 10
    assert len({m.to[0] for m in mail.outbox}) == 20


def test_test_send_goes_to_the_marketer_only(newsletter, subscribers):
    tasks.send_test_newsletter(newsletter.pk, "marketer@example.com")
    assert [m.to for m in mail.outbox] == [["marketer@example.com"]]
    assert mail.outbox[0].subject.startswith("[Test]")
    assert not Delivery.objects.exists()
