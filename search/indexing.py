"""What changed, and getting it indexed once the transaction commits.

Saves and deletes call `record_change(kind, id)`. The first change in a transaction registers one
on_commit callback; later changes join it, so a transaction queues one task however many saves
it makes, and a rolled-back transaction queues none. The task reads the committed state, so
indexing is idempotent and a key whose savepoint rolled back is simply re-read.

Which callback is still waiting for the commit is tracked with a weak reference: Django holds
the only strong reference to a registered callback and drops it when the transaction (or the
savepoint it was registered in) rolls back, so a dead reference means "register a new one".
"""

import logging
import weakref

from django.db import transaction

from .documents import document_key, parse_key, registry

logger = logging.getLogger(__name__)


class PendingChanges:
    """The keys one transaction changed; called on commit to queue the indexing task.

    It never raises: when the broker is down the call is logged and kept in the outbox,
    which hands it over once the broker is back (and the nightly reconciliation indexes
    anything missed if the process dies before then)."""

    def __init__(self):
        self.keys = set()
        self.queued = False
        # Django names a failing robust callback by its __qualname__ when it logs it.
        self.__qualname__ = type(self).__qualname__

    def __call__(self):
        from outbox.delivery import keep

        from .tasks import index_documents

        self.queued = True
        keys = sorted(self.keys)
        try:
            index_documents.delay(keys)
        except Exception as error:
            keep(index_documents, [keys], {}, error)


def record_change(kind, object_id, using=None):
    record_changes([document_key(kind, object_id)], using=using)


# Connection → weak reference to the PendingChanges registered in its current transaction.
_registered = weakref.WeakKeyDictionary()


def pending_changes(using=None):
    """The callback waiting for this connection's commit, or None."""
    reference = _registered.get(transaction.get_connection(using))
    pending = reference() if reference is not None else None
    # (One already run stays alive while tests hold on to the callbacks they ran by hand.)
    if pending is None or pending.queued:
        return None
    return pending


def record_changes(keys, using=None):
    keys = set(keys)
    if not keys:
        return
    connection = transaction.get_connection(using)
    pending = pending_changes(using) if connection.in_atomic_block else None
    if pending is not None:
        pending.keys |= keys
        return
    pending = PendingChanges()
    pending.keys |= keys
    _registered[connection] = weakref.ref(pending)
    # Robust as well: nothing after the commit may fail a request whose data is committed.
    transaction.on_commit(pending, using=using, robust=True)


def index_keys(engine, keys):
    """Index what these keys show now: documents for indexable objects, deletions for the rest."""
    by_kind = {}
    for key in keys:
        kind, object_id = parse_key(key)
        if kind in registry:
            by_kind.setdefault(kind, set()).add(object_id)
        else:
            logger.warning("search: no kind %r registered, removing %s", kind, key)
            engine.delete([key])
    indexed = removed = 0
    for kind, ids in by_kind.items():
        found = set()
        for documents in registry[kind].documents(ids):
            engine.index(documents)
            found |= {document.object_id for document in documents}
            indexed += len(documents)
        gone = [document_key(kind, object_id) for object_id in ids - found]
        engine.delete(gone)
        removed += len(gone)
    return indexed, removed


def reconcile(engine, kinds=None, fix=True, progress=None):
    """Compare the index with the database per kind: missing, stale and orphaned documents.

    `progress(count)` is told how many documents each batch checked."""
    report = {}
    for definition in registry:
        if kinds and definition.kind not in kinds:
            continue
        stored = engine.fingerprints(definition.kind)
        missing, stale, seen = [], [], set()
        for documents in definition.documents():
            if progress:
                progress(len(documents))
            for document in documents:
                seen.add(document.key)
                fingerprint = stored.get(document.key)
                if fingerprint is None:
                    missing.append(document)
                elif fingerprint != document.fingerprint:
                    stale.append(document)
        orphaned = sorted(set(stored) - seen)
        if fix:
            engine.index(missing + stale)
            engine.delete(orphaned)
        report[definition.kind] = {
            "missing": len(missing),
            "stale": len(stale),
            "orphaned": len(orphaned),
        }
    return report


def all_documents(kinds=None, batch_size=500):
    for definition in registry:
        if kinds and definition.kind not in kinds:
            continue
        yield from definition.documents(batch_size=batch_size)
