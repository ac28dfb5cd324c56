"""Venues in the Wagtail admin: a filterable venue listing, applications to review, categories."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import REVIEW_PERMISSION, ReviewApplicationView, VenuePageFilterSet
from .bookings.admin_views import BookingActionView, BookingCalendarView, can_see_calendar
from .bookings.rules_admin import ServiceBookingRulesViewSet
from .models import (
    Booking,
    VenueApplication,
    VenueCategory,
    VenuePage,
)


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
    items = (VenueListingViewSet, ApplicationViewSet, ServiceBookingRulesViewSet)


register_snippet(VenueCategoryViewSet)


@hooks.register("register_admin_viewset")
def register_venues_menu():
    return VenuesMenu()


class BookingCalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_calendar(request)


@hooks.register("register_admin_urls")
def register_booking_calendar_urls():
    return [
        path("bookings/", BookingCalendarView.as_view(), name="venue_bookings_calendar"),
        path(
            "bookings/<int:pk>/<str:action>/",
            BookingActionView.as_view(),
            name="venue_bookings_action",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_booking_calendar_menu_item():
    return BookingCalendarMenuItem(
        "Bookings", reverse("venue_bookings_calendar"), icon_name="date", order=160
    )


@hooks.register("before_delete_page")
def keep_venues_with_bookings(request, page):
    """Bookings keep their venue: unpublish a venue with bookings instead of deleting it."""
    venues = VenuePage.objects.descendant_of(page, inclusive=True).values("pk")
    if Booking.objects.filter(venue_id__in=venues).exists():
        messages.error(
            request,
            f"“{page.title}” has bookings (or venues with bookings), so it cannot be deleted. "
            "Unpublish it instead.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
