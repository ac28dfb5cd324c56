"""Bookings in the Wagtail admin: the provider's calendar, and venues with bookings kept."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from venues.models import VenuePage

from .admin_views import BookingActionView, BookingCalendarView, can_see_calendar
from .models import Booking
from .rules_admin import ServiceBookingRulesViewSet


@hooks.register("register_admin_viewset")
def register_booking_rules():
    return ServiceBookingRulesViewSet()


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
