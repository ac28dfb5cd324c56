"""Benchmark the public pages as production serves them: gunicorn on PostgreSQL and Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_bench \\
    REDIS_URL=redis://127.0.0.1:6379/14 python bench/pages/run.py --seed

--seed migrates the database and loads the demo content first (`seed_demo`, idempotent). The
site then runs under gunicorn with bench/pages/settings.py (production settings over plain
HTTP: DEBUG off, cached templates, persistent connections, Redis cache). Each page family is
warmed up, then timed: --requests one after another (median and p95 latency), then
--concurrent-requests spread over --concurrency clients (requests per second). The SQL count
comes from a separate Django test-client pass (the second request, caches warm). Use a database
of its own: seeding writes demo content to it.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "bench.pages.settings"
HOST = "127.0.0.1"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (gthread)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page")
    parser.add_argument("--requests", type=int, default=30, help="timed sequential requests")
    parser.add_argument("--concurrency", type=int, default=4, help="clients at once")
    parser.add_argument("--concurrent-requests", type=int, default=60)
    parser.add_argument("--only", default="", help="comma-separated page families")
    parser.add_argument("--json", dest="json_path", help="also write the results here")
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        default=int(os.environ.get("PAGE_CACHE_SECONDS", "120")),
        help="the anonymous page cache's PAGE_CACHE_SECONDS (0: off, as before it existed)",
    )
    parser.add_argument(
        "--fresh-visitors",
        action="store_true",
        help="every request from a new visitor with no cookies (a stream of first visits); "
        "by default each client keeps its cookies, as one person browsing",
    )
    return parser.parse_args()


def server_environment(args):
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} must be set (PostgreSQL and Redis of the benchmark's own)")
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench",
        "PAGE_CACHE_SECONDS": str(args.page_cache_seconds),
    }


def manage(environment, *arguments):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def seed(environment):
    # seed_demo refuses to run without DEBUG, so it runs under the development settings.
    demo = {**environment, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    demo.pop("REDIS_URL")  # tasks in-process: the demo's index is built before serving
    manage(demo, "migrate", "--no-input", "-v", "0")
    manage(demo, "seed_demo")


def page_families():
    """Each family's URL in the demo content, and the product whose basket line is added."""
    from oscar.core.loading import get_model

    from blog.models import BlogIndexPage, BlogPage
    from home.models import LandingPage
    from venues.models import VenueIndexPage, VenuePage
    from venues.services import VENUE_SERVICE_CLASS

    product_model = get_model("catalogue", "Product")
    category = get_model("catalogue", "Category").objects.order_by("path").first()
    goods = product_model.objects.browsable().exclude(product_class__slug=VENUE_SERVICE_CLASS)
    product = goods.filter(stockrecords__num_in_stock__gt=0).order_by("pk").first()
    service = product_model.objects.filter(product_class__slug=VENUE_SERVICE_CLASS).first()
    if product is None:
        sys.exit("no product in stock: load the demo content first (--seed)")
    word = (re.findall(r"[a-z]{4,}", product.title.lower()) or ["spa"])[0]

    def first_url(pages):
        page = pages.first()
        return page.url if page is not None else None

    families = {
        "home": "/",
        "venue index": first_url(VenueIndexPage.objects.live()),
        "venue page": first_url(VenuePage.objects.live().order_by("path")),
        "blog index": first_url(BlogIndexPage.objects.live()),
        "blog post": first_url(BlogPage.objects.live().order_by("-first_published_at")),
        "landing page": first_url(LandingPage.objects.live().order_by("path")),
        "catalogue": "/shop/catalogue/",
        "category": category.get_absolute_url() if category else None,
        "product": product.get_absolute_url(),
        "search": "/search/?" + urlencode({"q": word}),
        "suggest": "/search/suggest/?" + urlencode({"q": word[:3]}),
        "availability JSON": f"/bookings/services/{service.pk}/slots/" if service else None,
        "basket empty": "/shop/basket/",
        "basket with items": "/shop/basket/",
    }
    for family in [name for name, path in families.items() if path is None]:
        print(f"skipped {family}: the demo content has none")
        del families[family]
    return families, product


def basket_add_path(product):
    from django.urls import reverse

    return reverse("basket:add", kwargs={"pk": product.pk})


def sql_counts(families, product):
    """Queries of the second request of each page through Django's test client, rendered (a
    page cache hit makes none)."""
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for family, path in families.items():
        client = Client()
        if family == "basket with items":
            client.post(basket_add_path(product), {"quantity": 1})
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[family] = len(queries)
    return counts


class Browser:
    """One visitor: keeps its cookies, opens a connection per request."""

    def __init__(self, port, keeps_cookies=True):
        self.port = port
        self.keeps_cookies = keeps_cookies
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
            for header in cookies if self.keeps_cookies else []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def add_to_basket(self, product_page, add_path):
        """Put one of the product in this visitor's basket, as the product page's form does."""
        _, html = self.get(product_page)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urlencode({"csrfmiddlewaretoken": token.decode(), "quantity": 1})
        status, _ = self.request(
            "POST",
            add_path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}{product_page}",
            },
        )
        if status not in (200, 302):
            raise RuntimeError(f"adding to the basket answered {status}")


def start_server(environment, args):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if Browser(args.port).get("/healthz")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit("gunicorn exited while starting")
        time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 120 s")


def measure(args, family, path, make_browser):
    browser = make_browser()
    for _ in range(args.warmup):
        status, body = browser.get(path)
    if status != 200:
        raise RuntimeError(f"{family} ({path}) answered {status}")
    latencies = []
    for _ in range(args.requests):
        started = time.perf_counter()
        browser.get(path)
        latencies.append((time.perf_counter() - started) * 1000)

    browsers = [make_browser() for _ in range(args.concurrency)]
    counter = iter(range(args.concurrent_requests))
    lock = threading.Lock()

    def client(visitor):
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            visitor.get(path)

    started = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(client, browsers))
    elapsed = time.perf_counter() - started
    return {
        "path": path,
        "median_ms": statistics.median(latencies),
        "p95_ms": statistics.quantiles(latencies, n=20)[-1],
        "requests_per_s": args.concurrent_requests / elapsed,
        "bytes": len(body),
    }


def main():
    args = parse_args()
    environment = server_environment(args)
    if args.seed:
        seed(environment)
    manage(environment, "collectstatic", "--no-input", "-v", "0")

    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    families, product = page_families()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        families = {name: path for name, path in families.items() if name in wanted}
    counts = sql_counts(families, product)

    server = start_server(environment, args)
    add_path = basket_add_path(product)
    product_page = product.get_absolute_url()

    def visitor_for(family):
        def make():
            basket = family == "basket with items"
            browser = Browser(args.port, keeps_cookies=basket or not args.fresh_visitors)
            if basket:
                browser.add_to_basket(product_page, add_path)
            return browser

        return make

    results = {}
    try:
        for family, path in families.items():
            results[family] = {
                **measure(args, family, path, visitor_for(family)),
                "sql": counts[family],
            }
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"gunicorn {args.workers} workers x {args.threads} threads; {args.requests} sequential, "
        f"{args.concurrent_requests} at concurrency {args.concurrency}; page cache "
        f"{args.page_cache_seconds or 'off'}{'; fresh visitors' if args.fresh_visitors else ''}"
    )
    print(f"{'page':<18} {'median ms':>9} {'p95 ms':>8} {'req/s':>7} {'SQL':>4} {'bytes':>8}")
    for family, row in results.items():
        print(
            f"{family:<18} {row['median_ms']:9.1f} {row['p95_ms']:8.1f} "
            f"{row['requests_per_s']:7.1f} {row['sql']:4d} {row['bytes']:8d}"
        )
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
