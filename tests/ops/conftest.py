import pytest

from config.cache_settings import redis_cache
from config.celery import app as celery_app
from tests.blog.conftest import blog_index, make_post  # noqa: F401
from tests.home.test_landing_pages import newsletter
from tests.marketing.conftest import news_list  # noqa: F401
from tests.shop.conftest import product, second_product, stripe_fake  # noqa: F401
from tests.venues.conftest import category, make_venue, venue_index  # noqa: F401

# Nothing listens here: connecting is refused at once, as with a Redis that is down.
CLOSED_REDIS = "redis://127.0.0.1:6390/6"


def reset_broker_connections():
    """Publish through a fresh connection pool after the broker settings changed."""
    from kombu import pools

    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _celery_configured_from_real_settings():
    """Celery reads the Django settings once, on first use: make that happen before a test
    overrides them, or the overrides would outlive the test."""
    celery_app.conf.broker_url  # noqa: B018


@pytest.fixture
def redis_down(settings):
    """Cache, sessions and the Celery broker all point at a Redis that is not there, as in
    production (tasks are published, not run eagerly)."""
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    settings.CACHES = {"default": redis_cache(CLOSED_REDIS)}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED_REDIS
    celery_app.conf.update(task_always_eager=False, broker_url=CLOSED_REDIS)
    reset_broker_connections()
    yield
    celery_app.conf.update(saved)
    reset_broker_connections()


@pytest.fixture
def landing_page(home_page):
    from home.models import LandingPage

    page = home_page.add_child(
        instance=LandingPage(title="Winter sale", slug="winter-sale", body=[newsletter()])
    )
    page.save_revision().publish()
    return page
