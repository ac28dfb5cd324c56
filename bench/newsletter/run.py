"""Benchmark newsletter sending: messages per second to a local SMTP sink (aiosmtpd).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsletter_bench \
        python bench/newsletter/run.py --recipients 10000 --workers 4

Migrates the database if needed, (re)creates --recipients subscribers on a list of their own and
a newsletter with the shared blocks, starts an SMTP sink in another process, then times the real
sending path: the snapshot into delivery rows, batches claimed with SKIP LOCKED and sent by
--workers sender processes (each marks a row `sending`, sends over SMTP, marks it `sent`).
Tracking links and the per-recipient unsubscribe headers are on, the rate limit is off. Use a
database of its own: the benchmark's subscribers and newsletters are replaced on every run.
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["NEWSLETTER_RATE_PER_SECOND"] = "0"


PARAGRAPH = '<p>A <a href="https://example.org/a">link</a>, <a href="/shop/">two</a>.</p>'


def run_sink(port, received, ready):
    """The SMTP sink in its own process, so it does not share the sender's interpreter."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with received.get_lock():
                received.value += len(envelope.rcpt_tos)
            return "250 Message accepted"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    asyncio.run(asyncio.sleep(10**6))


def send_until_done(newsletter_id, batch_size):
    from django.db import connection

    from marketing import sending
    from marketing.rate_limit import TokenBucket

    connection.close()  # a fresh connection per process, never one shared across a fork
    unlimited = TokenBucket(rate=0)
    while (batch := sending.claim_batch(newsletter_id, size=batch_size)) is not None:
        sending.send_batch(newsletter_id, batch, bucket=unlimited)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4, help="sender processes")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args()

    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{args.port}"
    received = multiprocessing.Value("i", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(args.port, received, ready), daemon=True)
    sink.start()
    ready.wait(10)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import email_digest
    from marketing import sending
    from marketing.models import Delivery, MailingList, Newsletter, Subscriber

    call_command("migrate", verbosity=0)
    Newsletter.objects.filter(title="Benchmark").delete()
    Subscriber.objects.filter(source="bench").delete()
    bench_list, _ = MailingList.objects.get_or_create(slug="bench", defaults={"name": "Benchmark"})
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"bench{n}@example.com",
                email_hash=email_digest(f"bench{n}@example.com"),
                status=Subscriber.Status.SUBSCRIBED,
                source="bench",
            )
            for n in range(args.recipients)
        ],
        batch_size=2000,
    )
    subscribers = Subscriber.objects.filter(source="bench").values_list("pk", flat=True)
    Subscriber.lists.through.objects.bulk_create(
        [Subscriber.lists.through(subscriber_id=pk, mailinglist=bench_list) for pk in subscribers],
        batch_size=2000,
    )
    newsletter = Newsletter.objects.create(
        title="Benchmark",
        subject="Benchmark newsletter",
        body=[
            ("heading", {"text": "Hello", "level": "h2"}),
            ("paragraph", PARAGRAPH),
            ("call_to_action", {"title": "Shop", "text": "", "button_text": "Go", "url": "/shop/"}),
        ],
    )
    newsletter.lists.set([bench_list])
    newsletter.save()
    connection.close()

    started = time.perf_counter()
    sending.snapshot_recipients(newsletter)
    Newsletter.objects.filter(pk=newsletter.pk).update(status=Newsletter.Status.SENDING)
    snapshot_seconds = time.perf_counter() - started

    # Sender processes, as Celery's prefork pool runs them (threads would share one GIL).
    connection.close()
    senders = [
        multiprocessing.get_context("fork").Process(
            target=send_until_done, args=(newsletter.pk, args.batch_size)
        )
        for _ in range(args.workers)
    ]
    for process in senders:
        process.start()
    for process in senders:
        process.join()
    elapsed = time.perf_counter() - started
    sending.finish_if_done(newsletter.pk)

    counts = newsletter.delivery_counts()
    time.sleep(0.5)  # the sink's last acknowledgements
    sent = counts.get(Delivery.Status.SENT, 0)
    print(f"database:          {connection.vendor}")
    print(f"recipients:        {args.recipients}")
    print(f"senders:           {args.workers} (batch size {args.batch_size})")
    print(f"snapshot:          {snapshot_seconds:.2f} s")
    others = {key: value for key, value in counts.items() if key not in ("sent", "total")}
    print(f"sent (rows):       {sent}   other: {others}")
    print(f"received by sink:  {received.value}")
    print(f"total time:        {elapsed:.2f} s")
    print(f"messages / second: {sent / elapsed:.0f}")
    sink.terminate()


if __name__ == "__main__":
    main()
