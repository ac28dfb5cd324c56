import pytest
from django.db import connection

from tests.factories import UserFactory, make_home_page


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
    """Each test starts with an empty cache (Redis in CI, memory locally)."""
    from django.core.cache import cache

    cache.clear()
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
    if not serialized:
        return
    from wagtail.models import Page

    with django_db_blocker.unblock():
        if not Page.objects.exists():
            connection.creation.deserialize_db_from_string(serialized)
