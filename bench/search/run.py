"""Benchmark the database search engine on PostgreSQL with generated documents.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench python bench/search/run.py

Creates the database's tables if needed, replaces the search index with --documents generated
documents (a rebuild, timed), then times each query shape and prints p50/p95 in milliseconds.
Use a database of its own: the rebuild empties the search tables.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from search.documents import Document  # noqa: E402
from search.engines.database import DatabaseEngine  # noqa: E402
from search.query import SearchQuery  # noqa: E402

WORDS = [
    "harbour",
    "lantern",
    "candle",
    "coffee",
    "bakery",
    "gallery",
    "sauna",
    "massage",
    "yoga",
    "pottery",
    "linen",
    "wool",
    "oak",
    "brass",
    "copper",
    "driftwood",
    "seaweed",
    "granite",
    "moorland",
    "cliff",
    "quay",
    "beacon",
    "tide",
    "saltwater",
    "garden",
    "orchard",
    "cider",
    "honey",
    "beeswax",
    "sourdough",
    "pastry",
    "studio",
    "workshop",
    "retreat",
    "spa",
    "pilates",
    "ceramic",
    "weaving",
    "leather",
    "basket",
    "blanket",
    "lamp",
    "mirror",
    "print",
    "poster",
    "journal",
    "notebook",
    "tea",
    "chocolate",
    "cheese",
    "bread",
    "walk",
    "boat",
    "kayak",
    "surf",
    "climbing",
    "cycling",
    "festival",
    "market",
    "cottage",
    "cabin",
    "lodge",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tor",
    "via",
    "sel",
    "bra",
    "nu",
    "qui",
    "fen",
    "dar",
    "ost",
    "lum",
    "pe",
    "gri",
    "wal",
    "sho",
    "tin",
    "mar",
]
# Real text is Zipfian: a few words everywhere, most words rare. Queries pick mid-ranked words.
VOCABULARY = (
    WORDS
    + sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES} - set(WORDS))[
        :4000
    ]
)
WEIGHTS = [1 / (rank + 1) ** 1.07 for rank in range(len(VOCABULARY))]
QUERY_WORDS = VOCABULARY[20:1000]
KINDS = ("venue",) * 3 + ("product",) * 5 + ("post",) * 2 + ("page",)
CATEGORIES = [f"Category {n}" for n in range(30)]
TAGS = [f"tag{n}" for n in range(60)]
CITIES = {f"Town {n}": (50.0 + n * 0.12, -5.5 + (n % 8) * 0.6) for n in range(40)}


def generate(count, seed=1):
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    for object_id in range(1, count + 1):
        kind = rng.choice(KINDS)
        words = rng.choices(VOCABULARY, WEIGHTS, k=3)
        document = Document(
            kind=kind,
            object_id=object_id,
            title=" ".join(words).capitalize(),
            url=f"/{kind}/{object_id}/",
            summary=" ".join(rng.choices(VOCABULARY, WEIGHTS, k=14)),
            body=" ".join(rng.choices(VOCABULARY, WEIGHTS, k=80)),
            categories=rng.sample(CATEGORIES, rng.randint(1, 2)),
            tags=rng.sample(TAGS, rng.randint(1, 4)),
            rating=round(rng.uniform(1, 5), 1) if kind in ("venue", "product") else None,
            published_at=start + timedelta(minutes=rng.randint(0, 3_000_000)),
        )
        if kind in ("product", "venue"):
            document.price = Decimal(rng.randint(300, 25000)) / 100
        if kind == "venue":
            document.city = rng.choice(list(CITIES))
            lat, lon = CITIES[document.city]
            document.lat = lat + rng.uniform(-0.05, 0.05)
            document.lon = lon + rng.uniform(-0.05, 0.05)
            # Nine hours a day, six days a week, over the ten days a venue document carries.
            opens = today + timedelta(hours=rng.choice((7, 8, 9, 10)))
            document.open_periods = [
                (opens + timedelta(days=day), opens + timedelta(days=day, hours=9))
                for day in range(-1, 9)
                if (opens + timedelta(days=day)).weekday() != 6
            ]
        yield document


def batched(documents, size=2000):
    batch = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def query_shapes(rng):
    def text():
        return SearchQuery(text=rng.choice(QUERY_WORDS))

    def text_and_facets():
        return SearchQuery(
            text=rng.choice(QUERY_WORDS),
            kinds=[rng.choice(("venue", "product"))],
            categories=[rng.choice(CATEGORIES)],
            price_max=Decimal(rng.choice((50, 100, 150))),
        )

    def geo_and_facets():
        lat, lon = rng.choice(list(CITIES.values()))
        return SearchQuery(
            lat=lat,
            lon=lon,
            radius_km=rng.choice((5, 10, 25)),
            kinds=["venue"],
            tags=[rng.choice(TAGS)],
            rating_min=3,
            sort="distance",
        )

    return {"text": text, "text + 3 facets": text_and_facets, "geo + facets": geo_and_facets}


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(function, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--skip-rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    call_command("migrate", verbosity=0)
    engine = DatabaseEngine()
    if not args.skip_rebuild:
        documents = list(generate(args.documents))  # generated first: only indexing is timed
        started = time.perf_counter()
        indexed = engine.rebuild(batched(documents))
        seconds = time.perf_counter() - started
        print(f"rebuild: {indexed} documents in {seconds:.1f} s = {indexed / seconds:,.0f} docs/s")
        # What autovacuum does soon after a rebuild: reclaim the replaced rows, refresh stats.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
    rng = random.Random(7)
    print(f"{'query shape':<18}{'p50 ms':>9}{'p95 ms':>9}{'mean hits':>11}")
    for name, make_query in query_shapes(rng).items():
        totals = []

        def run(make_query=make_query, totals=totals):
            totals.append(engine.search(make_query()).total)

        timed(run, 10)  # warm up
        samples = timed(run, args.runs)
        print(
            f"{name:<18}{percentile(samples, 0.5):>9.1f}{percentile(samples, 0.95):>9.1f}"
            f"{statistics.mean(totals):>11.0f}"
        )
    prefixes = [word[: rng.randint(2, 4)] for word in QUERY_WORDS]
    samples = timed(lambda: engine.suggest(rng.choice(prefixes)), args.runs)
    print(f"{'suggestions':<18}{percentile(samples, 0.5):>9.1f}{percentile(samples, 0.95):>9.1f}")
    # Timings on a shared machine mean little without its load.
    print("load average: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
