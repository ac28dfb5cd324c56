"""Signal receivers that record which documents a save or delete changes."""

from functools import partial

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.signals import post_page_move

from .documents import document_key, registry
from .indexing import record_change, record_changes


def _object_changed(kind, sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures loading
        record_change(kind, instance.pk)


def _related_changed(kind, affected, sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        ids = list(affected(instance))
    except ObjectDoesNotExist:  # what it pointed at went in the same delete
        return
    record_changes(document_key(kind, object_id) for object_id in ids if object_id)


def _links_changed(kind, sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        record_change(kind, instance.pk)
    elif pk_set:
        record_changes(document_key(kind, object_id) for object_id in pk_set)


def _page_moved(sender, instance, **kwargs):
    # A move changes the URL of the page and everything below it.
    for definition in registry:
        model = definition.get_model()
        if issubclass(model, Page):
            moved = model.objects.descendant_of(instance, inclusive=True)
            record_changes(
                document_key(definition.kind, pk) for pk in moved.values_list("pk", flat=True)
            )


def connect():
    for definition in registry:
        model = definition.get_model()
        uid = f"search:{definition.kind}"
        for signal in (post_save, post_delete):
            signal.connect(
                partial(_object_changed, definition.kind),
                sender=model,
                weak=False,
                dispatch_uid=uid,
            )
        for field_name in definition.many_to_many:
            m2m_changed.connect(
                partial(_links_changed, definition.kind),
                sender=getattr(model, field_name).through,
                weak=False,
                dispatch_uid=f"{uid}:{field_name}",
            )
        for related in definition.related:
            for signal in (post_save, post_delete):
                signal.connect(
                    partial(_related_changed, definition.kind, related.affected),
                    sender=apps.get_model(*related.model),
                    weak=False,
                    dispatch_uid=f"{uid}:{related.model}",
                )
    post_page_move.connect(_page_moved, weak=False, dispatch_uid="search:page-moved")
