"""The search report under the Wagtail admin's Reports menu."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import SearchReportView, can_view_report


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search-terms/", SearchReportView.as_view(), name="search_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        "Search terms",
        reverse("search_report"),
        name="search-terms",
        icon_name="search",
        order=1200,
    )
