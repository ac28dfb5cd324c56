"""Background indexing: the on-commit batch and the periodic reconciliation."""

import logging

from celery import shared_task

from core import page_cache

from . import analytics
from .engines import get_engine
from .engines.database import DatabaseEngine
from .engines.elastic import ElasticsearchEngine
from .indexing import index_keys, reconcile

logger = logging.getLogger(__name__)

# Retried: the index or database was briefly unreachable. Anything else is a bug to see.
TRANSIENT_ERRORS = tuple({*DatabaseEngine.transient_errors, *ElasticsearchEngine.transient_errors})


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def index_documents(keys):
    """Bring these documents ("kind:id") in line with the database, in bulk."""
    indexed, removed = index_keys(get_engine(), keys)
    logger.info("search: indexed %s, removed %s", indexed, removed)
    # Listings are answered by the index: pages cached before it caught up are stale now.
    for concern in listing_concerns(keys):
        page_cache.invalidate(concern)
    return {"indexed": indexed, "removed": removed}


def listing_concerns(keys):
    kinds = {key.split(":", 1)[0] for key in keys}
    return {"catalogue" if kind == "product" else "content" for kind in kinds}


@shared_task(
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, retry_backoff_max=900, max_retries=5
)
def reconcile_index():
    """Find and fix drift: documents missing, stale (changed without a signal) or orphaned."""
    report = reconcile(get_engine())
    drift = {kind: found for kind, found in report.items() if any(found.values())}
    if drift:
        logger.warning("search: fixed drift %s", drift)
    return report


@shared_task
def prune_search_analytics():
    """Forget searches and clicks older than SEARCH_ANALYTICS_RETENTION_DAYS."""
    removed = analytics.prune()
    logger.info("search: pruned %s recorded searches", removed)
    return removed
