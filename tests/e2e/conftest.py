"""Browser journeys: Debian's chromium drives the site served by pytest-django's live_server.

Every test in this folder gets the `e2e` marker and a transactional database, and runs after
all other tests. Use the `page` fixture with relative URLs (`page.goto("/")`) and `browser_log`
to check what the browser saw; a failing test leaves a full-page screenshot in test-results/.
"""

import os
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # containers and CI runners have no user namespaces for the sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No calls home: component updates, sync and background fetches only slow tests down.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = Path(__file__).parent


def _is_e2e(item):
    return E2E_DIR in item.path.parents


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    no_browser = pytest.mark.skip(
        reason=f"no chromium at {CHROMIUM}: run .ci/install-browser or set CHROMIUM_PATH"
    )
    for item in filter(_is_e2e, items):
        item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("django_db") is None:
            # The live server only sees committed data, so journeys are transactional tests,
            # which empty every table afterwards; serialized_rollback reloads what migrations
            # created (Wagtail's root page and site, the staff groups) before the next one.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if not CHROMIUM.exists():
            item.add_marker(no_browser)
    yield
    # Journeys run last: once Playwright has started, the main thread keeps a running event
    # loop (asyncio.run() and async_to_sync fail there) and the tables may be empty.
    items.sort(key=_is_e2e)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_under_playwright():
    # Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses
    # ORM calls from such a thread; the tests' own queries are synchronous, so allow them. Only
    # for the journeys: subprocesses inherit it, and `check --deploy` rejects it.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session", autouse=True)
def _migrated_data(request, _allow_orm_under_playwright, django_db_setup, django_db_blocker):
    """Make serialized_rollback work under Playwright, and leave the database as migrated.

    pytest-django serializes the freshly migrated database on the connection that set it up.
    Once Playwright's loop runs, Django hands out other connection objects, and without that
    data serialized_rollback would silently reload nothing. It reloads when a test starts, not
    after its flush, so reload once more at the end for the next --reuse-db run.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        migrated = getattr(connection, "_test_serialized_contents", None)
        migrated = migrated or connection.creation.serialize_db_to_string()
    request.getfixturevalue("playwright")
    connections[DEFAULT_DB_ALIAS]._test_serialized_contents = migrated
    yield
    with django_db_blocker.unblock():
        connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(migrated)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser download is not used: drive the distribution's chromium.
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    # Relative URLs in page.goto() and expect(page).to_have_url() resolve against the server.
    return live_server.url


@pytest.fixture
def context(context):
    context.set_default_timeout(10_000)  # the server is local: fail sooner than Playwright's 30 s
    return context


class BadResponse(NamedTuple):
    status: int
    method: str
    url: str


class BrowserLog:
    """What went wrong in the browser: console errors, uncaught exceptions, failed requests."""

    def __init__(self, page):
        self.console_errors = []
        self.bad_responses = []  # status >= 400
        self.failed_requests = []  # no response at all: refused, aborted, DNS
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} at {message.location['url']}")

    def _on_response(self, response):
        if response.status >= 400:
            self.bad_responses.append(
                BadResponse(response.status, response.request.method, response.url)
            )

    def _on_request_failed(self, request):
        self.failed_requests.append(f"{request.failure} {request.method} {request.url}")

    @property
    def server_errors(self):
        return [response for response in self.bad_responses if response.status >= 500]

    @property
    def missing_static(self):
        return [
            response
            for response in self.bad_responses
            if urlsplit(response.url).path.startswith(settings.STATIC_URL)
        ]

    def __str__(self):
        sections = {
            "console errors": self.console_errors,
            "responses >= 400": [" ".join(map(str, line)) for line in self.bad_responses],
            "failed requests": self.failed_requests,
        }
        return "\n".join(
            f"{title}:\n  " + "\n  ".join(lines) for title, lines in sections.items() if lines
        )


@pytest.fixture
def browser_log(page, request):
    log = BrowserLog(page)
    request.node.browser_log = log  # shown in the report if the test fails
    return log


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item):
    report = yield
    if report.when != "call" or not report.failed or "page" not in item.funcargs:
        return report
    output = Path(item.config.getoption("--output"))
    name = re.sub(r"[^\w.-]+", "-", f"{item.path.stem}.{item.name}").strip("-")
    screenshot = output / f"{name}.png"
    try:
        output.mkdir(parents=True, exist_ok=True)
        item.funcargs["page"].screenshot(path=screenshot, full_page=True, timeout=5000)
        report.sections.append(("e2e screenshot", str(screenshot)))
    except PlaywrightError as error:  # a crashed or closed page has nothing to show
        report.sections.append(("e2e screenshot", f"not taken: {error}"))
    log = getattr(item, "browser_log", None)
    if log is not None and str(log):
        report.sections.append(("e2e browser log", str(log)))
    return report
