"""The search report in the Wagtail admin: what shoppers search for, what finds nothing, and
how often a search leads to a result being opened."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import analytics

REPORT_PERMISSION = "search.view_search_report"


def can_view_report(user):
    return user.has_perm(REPORT_PERMISSION)


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/report.html"
    page_title = "Search terms"
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        period = self.request.GET.get("days", analytics.DEFAULT_PERIOD)
        if period not in analytics.PERIODS:
            period = analytics.DEFAULT_PERIOD
        return super().get_context_data(
            report=analytics.report(days=analytics.PERIODS[period]),
            periods=[(value, value == period) for value in analytics.PERIODS],
            **kwargs,
        )
