"""Fork of Oscar's order dashboard views: staff see whole orders, venue providers their share.

What a provider sees is decided in `scope.py`; what they may do is decided here. Anything
that acts on the whole order (its status, notes, payments, address) or moves money is for
staff, and a provider asking for it gets a 403.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import views
from oscar.apps.order import exceptions as order_exceptions
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_model
from oscar.core.utils import format_datetime

from shop import lines as line_handlers

from . import provider_actions
from .forms import ProviderOrderSearchForm
from .scope import OrderScope, ProviderOrder, revenue, status_breakdown

Line = get_model("order", "Line")


class OrderStatsView(views.OrderStatsView):
    def get_stats(self, filters):
        scope = OrderScope.for_user(self.request.user)
        if not scope.is_partner_only:
            return super().get_stats(filters)
        lines = scope.lines().filter(**{f"order__{key}": value for key, value in filters.items()})
        return {
            "total_orders": lines.values("order_id").distinct().count(),
            "total_lines": lines.count(),
            "total_revenue": revenue(lines),
            # Their lines' statuses, which is also what the list's status search matches.
            "order_status_breakdown": status_breakdown(lines),
        }


class OrderListView(views.OrderListView):
    PROVIDER_CSV_COLUMNS = {
        "number": _("Order number"),
        "value": _("Value of your items"),
        "date": _("Date of purchase"),
        "num_items": _("Number of your items"),
        "status": _("Status of your items"),
        "customer_name": _("Customer name"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.scope = OrderScope.for_user(request.user)
        if not self.scope.is_partner_only:
            return super().dispatch(request, *args, **kwargs)
        self.form_class = ProviderOrderSearchForm
        self.CSV_COLUMNS = self.PROVIDER_CSV_COLUMNS
        self.base_queryset = self.scope.orders().order_by("-date_placed")
        # Skip Oscar's dispatch, which would list whole orders again.
        return super(views.OrderListView, self).dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Bulk actions change whole orders or download them: staff only.
        if self.scope.is_partner_only:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.scope.is_partner_only:
            return queryset
        if self.form.is_valid() and self.form.own_line_search:
            own_lines = self.scope.lines().filter(**self.form.own_line_filters())
            queryset = queryset.filter(pk__in=own_lines.values("order_id"))
        if self.request.GET.get("sort") == "total_incl_tax":
            descending = self.request.GET.get("dir") == "desc"
            queryset = queryset.order_by(("-" if descending else "") + "own_total_incl_tax")
        return queryset

    def get_search_filter_descriptions(self):
        descriptions = super().get_search_filter_descriptions()
        if self.scope.is_partner_only and self.form.is_valid():
            descriptions += self.form.own_line_descriptions()
        return descriptions

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["provider_view"] = self.scope.is_partner_only
        if self.scope.is_partner_only:
            del ctx["order_statuses"]  # for bulk status changes, which are staff's
            ctx["provider_orders"] = [ProviderOrder.of(order) for order in ctx["orders"]]
        return ctx

    def get_row_values(self, order):
        if not self.scope.is_partner_only:
            return super().get_row_values(order)
        share = ProviderOrder.of(order)
        return {
            "number": share.number,
            "value": share.total_incl_tax,
            "date": format_datetime(share.date_placed, "DATETIME_FORMAT"),
            "num_items": share.num_items,
            "status": ", ".join(share.statuses),
            "customer_name": share.customer_name,
        }


DIGITS = re.compile(r"[0-9]{1,18}")


def malformed_line_selection(data):
    """What is wrong with a posted line selection that Oscar would read with int() and fail on
    with a 500 (a hand-made POST); None when it is well formed."""
    for line_id in data.getlist("selected_line"):
        if not DIGITS.fullmatch(line_id):
            return _("Invalid lines requested")
        if not DIGITS.fullmatch(data.get(f"selected_line_qty_{line_id}", "").strip()):
            return _("The entered quantity for line #%s is not valid") % line_id
    return None


class OrderDetailView(views.OrderDetailView):
    def dispatch(self, request, *args, **kwargs):
        self.scope = OrderScope.for_user(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.scope.get_order(self.kwargs["number"])

    def get_order_lines(self):
        # Line actions look up the posted line ids in these: another partner's line is not found.
        # Each line's title reads its booking (service, venue, time): fetched with the lines.
        lines = self.scope.lines(super().get_order_lines())
        return lines.select_related(*line_handlers.order_line_related())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["provider_view"] = self.scope.is_partner_only
        if self.scope.is_partner_only:
            for staff_only in ("note_form", "order_status_form", "payment_transactions"):
                del ctx[staff_only]
            ctx["payment_event_types"] = []
            ctx["provider_order"] = ProviderOrder.of(self.object)
            ctx["lines"] = ctx["provider_order"].lines
            ctx["line_statuses"] = provider_actions.line_statuses()
        return ctx

    def get_handler_class(self):
        if self.scope.is_partner_only:
            return provider_actions.ProviderEventHandler
        return super().get_handler_class()

    def handle_order_action(self, request, order, action):
        if self.scope.is_partner_only:
            raise PermissionDenied
        return super().handle_order_action(request, order, action)

    def handle_line_action(self, request, order, action):
        if self.scope.is_partner_only and action not in provider_actions.LINE_ACTIONS:
            raise PermissionDenied
        problem = malformed_line_selection(request.POST)
        if problem:
            return self.reload_page(error=problem)
        if "reference" not in request.POST:
            # Oscar saves a missing reference as NULL into a NOT NULL column.
            request.POST = request.POST.copy()
            request.POST["reference"] = ""
        return super().handle_line_action(request, order, action)

    def change_line_statuses(self, request, order, lines, quantities):
        """Oscar's, but through the event handler, which applies each change's consequences."""
        new_status = request.POST.get("new_status", "").strip()
        if not new_status:
            return self.reload_page(error=_("The new status '%s' is not valid") % new_status)
        if self.scope.is_partner_only and new_status not in settings.SHOP_PROVIDER_LINE_STATUSES:
            allowed = ", ".join(provider_actions.line_statuses())
            return self.reload_page(
                error=_(
                    "You can mark your lines %(allowed)s only; cancellations and refunds are "
                    "made by the shop."
                )
                % {"allowed": allowed}
            )
        errors = [
            _("'%(status)s' is not a valid new status for line %(line_id)d")
            % {"status": new_status, "line_id": line.id}
            for line in lines
            if new_status not in line.available_statuses()
        ]
        if errors:
            return self.reload_page(error="\n".join(errors))

        message = "\n".join(
            _("Status of line #%(line_id)d changed from '%(old_status)s' to '%(new_status)s'")
            % {"line_id": line.id, "old_status": line.status, "new_status": new_status}
            for line in lines
        )
        handler = self.get_handler(user=request.user)
        try:
            handler.handle_line_status_change(order, lines, new_status, note_msg=message)
        except (
            order_exceptions.InvalidLineStatus,
            order_exceptions.InvalidOrderStatus,
            PaymentError,
        ) as error:
            messages.error(request, _("Unable to change line status: %s") % error)
        else:
            messages.info(request, message)
        return self.reload_page()


class LineDetailView(views.LineDetailView):
    def get_object(self, queryset=None):
        scope = OrderScope.for_user(self.request.user)
        order = scope.get_order(self.kwargs["number"])
        try:
            return scope.lines(order.lines.all()).get(pk=self.kwargs["line_id"])
        except Line.DoesNotExist:
            raise Http404("No such line") from None


class ShippingAddressUpdateView(views.ShippingAddressUpdateView):
    def get_object(self, queryset=None):
        # The URL already admits staff only; the delivery address is never a provider's.
        if OrderScope.for_user(self.request.user).is_partner_only:
            raise PermissionDenied
        return super().get_object(queryset)
