"""What a venue provider may do to their own lines in the order dashboard.

They may set the line statuses in `SHOP_PROVIDER_LINE_STATUSES` and record shipping events.
Everything that moves money (payment events, cancelling, refunding) or acts on the whole order
is the shop's.
"""

from django.conf import settings
from django.db import transaction
from oscar.apps.order import exceptions as order_exceptions
from oscar.core.loading import get_class, get_model

EventHandler = get_class("order.processing", "EventHandler")
Line = get_model("order", "Line")

LINE_ACTIONS = ("change_line_statuses", "create_shipping_event")


def line_statuses():
    """The statuses a provider may set, in the pipeline's order."""
    return [
        status for status in Line.all_statuses() if status in settings.SHOP_PROVIDER_LINE_STATUSES
    ]


class ProviderEventHandler(EventHandler):
    """The shop's event handler, for a provider: a shipping event whose consequences would
    move a line to a status they may not set (a dispatch marks lines Shipped) is undone."""

    def handle_shipping_event(self, order, event_type, lines, line_quantities, **kwargs):
        before = {line.pk: line.status for line in lines}
        with transaction.atomic():
            event = super().handle_shipping_event(
                order, event_type, lines, line_quantities, **kwargs
            )
            after = Line.objects.filter(pk__in=before).values_list("pk", "status")
            beyond = [
                f"#{pk} {status}"
                for pk, status in after
                if status != before[pk] and status not in settings.SHOP_PROVIDER_LINE_STATUSES
            ]
            if beyond:
                raise order_exceptions.InvalidShippingEvent(
                    "it would mark line " + ", ".join(beyond) + ", which only the shop may do"
                )
        return event
