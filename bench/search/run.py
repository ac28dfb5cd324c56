"""Benchmark the search engines, side by side, on the same generated documents.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench \
    ELASTICSEARCH_URL=http://127.0.0.1:9200 python bench/search/run.py

Creates the database's tables if needed and, for each engine (`--engines`, default: both when
ELASTICSEARCH_URL is set), replaces its index with --documents generated documents (a rebuild,
timed), then times each query shape and prints p50/p95 in milliseconds, one column pair per
engine. Use a database and an index prefix of their own: the rebuild empties the index.
"""

import argparse
import logging
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
from search.engines import get_engine  # noqa: E402
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


ENGINE_LABELS = {"database": "PostgreSQL", "elasticsearch": "Elasticsearch"}


def rebuild(engine, count):
    documents = list(generate(count))  # generated first: only indexing is timed
    started = time.perf_counter()
    indexed = engine.rebuild(batched(documents))
    seconds = time.perf_counter() - started
    if engine.name == "database":
        # What autovacuum does soon after a rebuild: reclaim the replaced rows, refresh stats.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
    return indexed / seconds


def measure(engine, runs):
    """{shape: (p50, p95, mean hits)} for every query shape and for suggestions."""
    rng = random.Random(7)  # the same queries, in the same order, for every engine
    figures = {}
    for name, make_query in query_shapes(rng).items():
        totals = []

        def run(make_query=make_query, totals=totals):
            totals.append(engine.search(make_query()).total)

        timed(run, 10)  # warm up
        totals.clear()
        samples = timed(run, runs)
        figures[name] = (
            percentile(samples, 0.5),
            percentile(samples, 0.95),
            statistics.mean(totals),
        )
    prefixes = [word[: rng.randint(2, 4)] for word in QUERY_WORDS]
    timed(lambda: engine.suggest(rng.choice(prefixes)), 10)
    samples = timed(lambda: engine.suggest(rng.choice(prefixes)), runs)
    figures["suggestions"] = (percentile(samples, 0.5), percentile(samples, 0.95), None)
    return figures


def report(results):
    names = list(results)
    header = f"{'':<18}" + "".join(f"{ENGINE_LABELS[name]:>30}" for name in names)
    print(header)
    print(f"{'query shape':<18}" + f"{'p50 ms':>10}{'p95 ms':>9}{'mean hits':>11}" * len(names))
    shapes = next(iter(results.values()))["queries"]
    for shape in shapes:
        row = f"{shape:<18}"
        for name in names:
            p50, p95, hits = results[name]["queries"][shape]
            row += f"{p50:>10.1f}{p95:>9.1f}" + (f"{hits:>11.0f}" if hits is not None else " " * 11)
        print(row)
    row = f"{'rebuild docs/s':<18}"
    for name in names:
        rate = results[name]["rebuild"]
        row += f"{rate:>19,.0f}" + " " * 11 if rate else f"{'(skipped)':>19}" + " " * 11
    print(row)


def main():
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)  # one line per request
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument(
        "--engines",
        default="database,elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else "database",
        help="comma-separated: database, elasticsearch",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    call_command("migrate", verbosity=0)
    results = {}
    for name in args.engines.split(","):
        engine = get_engine(name.strip())
        rate = None if args.skip_rebuild else rebuild(engine, args.documents)
        results[engine.name] = {"rebuild": rate, "queries": measure(engine, args.runs)}
    report(results)
    # Timings on a shared machine mean little without its load.
    print("load average: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
