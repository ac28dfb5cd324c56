"""Venues in the Wagtail admin: a filterable venue listing, applications to review, categories."""

from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import REVIEW_PERMISSION, ReviewApplicationView, VenuePageFilterSet
from .models import VenueApplication, VenueCategory, VenuePage


class VenueListingViewSet(PageListingViewSet):
    """Every venue in one flat list; each person sees only the venues they may edit."""

    model = VenuePage
    icon = "home"
    menu_label = "All venues"
    name = "venue_pages"
    columns = [
        *PageListingViewSet.columns,
        Column("city", label="City", sort_key="city"),
        Column("category", label="Category"),
    ]
    filterset_class = VenuePageFilterSet


class ApplicationIndexView(IndexView):
    def get_edit_url(self, instance):
        """The name opens the review of a waiting application; a decided one opens read-only."""
        if self.request.user.has_perm(REVIEW_PERMISSION):
            if instance.is_pending:
                return reverse("venue_applications:review", args=[instance.pk])
            return reverse("venue_applications:inspect", args=[instance.pk])
        return super().get_edit_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_pending and self.request.user.has_perm(REVIEW_PERMISSION):
            buttons.append(
                ListingButton(
                    "Review",
                    url=reverse("venue_applications:review", args=[instance.pk]),
                    icon_name="tasks",
                    priority=5,
                )
            )
        return buttons


class ApplicationViewSet(ModelViewSet):
    model = VenueApplication
    name = "venue_applications"
    icon = "form"
    menu_label = "Applications"
    index_view_class = ApplicationIndexView
    list_display = ["business_name", "city", "category", "email", "status", "submitted_at"]
    list_filter = ["status", "city", "category"]
    search_fields = ["business_name", "email", "city"]
    # Staff correct details here; the decision is only taken through "Review".
    form_fields = [
        "business_name",
        "category",
        "description",
        "street_address",
        "city",
        "postcode",
        "website",
        "contact_name",
        "email",
        "phone",
    ]
    inspect_view_enabled = True
    inspect_view_fields = [*form_fields, "status", "submitted_at", "reviewed_by", "review_note"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("review/<int:pk>/", ReviewApplicationView.as_view(), name="review"),
        ]


class VenueCategoryViewSet(SnippetViewSet):
    model = VenueCategory
    icon = "tag"
    menu_label = "Venue categories"
    list_display = ["name", "slug"]


class VenuesMenu(ViewSetGroup):
    menu_label = "Venues"
    menu_icon = "site"
    menu_order = 150
    items = (VenueListingViewSet, ApplicationViewSet)
    # Other apps add their own entries through this hook (the bookings app: booking rules).
    submenu_hook = "register_venues_menu_item"


register_snippet(VenueCategoryViewSet)


@hooks.register("register_admin_viewset")
def register_venues_menu():
    return VenuesMenu()


@hooks.register("construct_homepage_panels")
def applications_waiting_panel(request, panels):
    if request.user.has_perm(REVIEW_PERMISSION):
        from .admin_panels import ApplicationsWaitingPanel

        panels.append(ApplicationsWaitingPanel())


@hooks.register("after_edit_page")
def providers_return_to_their_venue(request, page):
    """After "Submit for moderation" Wagtail shows the parent's listing, where a provider may
    see nothing but "0 pages"; someone who cannot edit the parent stays on the page instead,
    with Wagtail's message that it went for moderation."""
    if (
        isinstance(page, VenuePage)
        and request.POST.get("action-submit")
        and not request.GET.get("next")
        and not page.get_parent().permissions_for_user(request.user).can_edit()
    ):
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
