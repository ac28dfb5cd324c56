import os
from contextlib import ExitStack

import pytest
from django.db import connection, connections

from config.cache import forget_breakers
from core import page_cache
from tests import database_template
from tests.cache_isolation import clear_own_cache_keys
from tests.factories import UserFactory, make_home_page


class TemplatePlan:
    """What the test databases come from: "cloned", "build" (then published) or None (as usual)."""

    def __init__(self, state=None, templates=(), release=None):
        self.state = state
        self.templates = templates
        self.release = release


@pytest.fixture(scope="session")
def _database_templates(request, django_db_modify_db_settings, django_db_blocker):
    """Clone the test databases from the migrated template (tests/database_template.py).

    `--create-db` still means fresh databases: they are cloned from a template named after the
    hash of every migration, which is exactly what migrating from scratch gives. Without it an
    existing test database is reused as before, and a missing one is cloned too.
    TEST_DATABASE_TEMPLATE=off migrates from scratch and leaves templates alone."""
    config = request.config
    if not database_template.enabled() or config.getvalue("nomigrations"):
        yield TemplatePlan()
        return
    fresh = config.getvalue("create_db") or not config.getvalue("reuse_db")
    with django_db_blocker.unblock():
        plan = _plan_test_databases(fresh)
    yield plan
    if plan.release:
        plan.release()


def _plan_test_databases(fresh):
    templates = database_template.templates_for(list(connections))
    if not templates:
        return TemplatePlan()
    with ExitStack() as held:
        for template in templates:
            held.enter_context(template.lock())
        if not fresh and all(template.test_database_exists() for template in templates):
            return TemplatePlan()
        if all(template.exists() for template in templates):
            for template in templates:
                template.clone()
            return TemplatePlan("cloned", templates)
        # The locks stay held until django_db_setup has migrated and published the template.
        return TemplatePlan("build", templates, release=held.pop_all().close)


@pytest.fixture(scope="session")
def django_db_createdb(django_db_createdb, _database_templates):
    if _database_templates.state == "cloned":
        return False  # the clone is the fresh database; migrate only confirms it
    return django_db_createdb or _database_templates.state == "build"


@pytest.fixture(scope="session")
def django_db_keepdb(django_db_keepdb, _database_templates):
    return django_db_keepdb or _database_templates.state == "cloned"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, _database_templates, django_db_blocker):
    plan = _database_templates
    if plan.state == "build":
        try:
            with django_db_blocker.unblock():
                for template in plan.templates:
                    template.publish()
        finally:
            plan.release()
    yield


@pytest.fixture
def home_page(db):
    return make_home_page(hero_title="Welcome", hero_text="Places worth visiting.")


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (Redis in CI, memory locally), and with Redis not
    skipped because an earlier test's cache calls failed."""
    forget_breakers()
    page_cache.resume()
    clear_own_cache_keys()
    yield


@pytest.fixture
def countries(db):
    """The United Kingdom as a shipping country, as checkout needs one."""
    from oscar.core.loading import get_model

    get_model("address", "Country").objects.update_or_create(
        iso_3166_1_a2="GB",
        defaults={
            "name": "United Kingdom",
            "printable_name": "United Kingdom",
            "is_shipping_country": True,
        },
    )


@pytest.fixture(scope="session", autouse=True)
def _leave_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end by emptying every table; put back what migrations made.

    Only matters when the next run reuses this database (`--reuse-db`)."""
    yield
    serialized = getattr(connection, "_test_serialized_contents", None)
    if not serialized or os.environ.get("MIGRATION_TESTS") == "1":
        # A migration session migrates back and forth on a database of its own, which the
        # next run creates afresh (`--create-db`): nothing to put back.
        return
    from wagtail.models import Page

    with django_db_blocker.unblock():
        if not Page.objects.exists():
            connection.creation.deserialize_db_from_string(serialized)
