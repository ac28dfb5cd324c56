"""The provider's booking calendar in the Wagtail admin: day and week views, outcomes, cancel.

A provider sees only the venue they manage (`VenueManager`); superusers choose any venue.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import stripe
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from bookings.models import Booking
from safe_input.dates import query_date_or
from safe_input.numbers import parse_id
from shop.money import format_money
from venues.models import VenueManager, VenuePage

from .changes import CannotChangeBooking, cancel_booking, record_outcome
from .manage_views import PAYMENT_PROVIDER_DOWN

VIEWS = {"day": 1, "week": 7}


def managed_venue(request):
    """The venue whose bookings this person may see; PermissionDenied for everyone else."""
    user = request.user
    manager = VenueManager.objects.filter(user=user).select_related("venue").first()
    if manager is not None:
        return manager.venue
    if user.is_superuser:
        venues = VenuePage.objects.order_by("title")
        wanted = request.GET.get("venue") or request.POST.get("venue")
        venue_id = parse_id(wanted)
        venue = venues.filter(pk=venue_id).first() if venue_id else None
        if venue is None:
            venue = venues.first()
        if venue is not None:
            return venue
    raise PermissionDenied


def can_see_calendar(request):
    return request.user.is_superuser or VenueManager.objects.filter(user=request.user).exists()


@dataclass
class CalendarDay:
    day: date
    bookings: list
    is_today: bool


def parse_day(text, today):
    return query_date_or(text, today)[0]


def calendar_days(venue, first_day: date, days: int) -> list[CalendarDay]:
    zone = venue.zone
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(first_day + timedelta(days=days), time.min, tzinfo=zone)
    grouped = {first_day + timedelta(days=n): [] for n in range(days)}
    for booking in Booking.objects.for_venue_calendar(venue, start, end):
        booking.venue = venue  # local times without another query
        grouped[timezone.localtime(booking.start, zone).date()].append(booking)
    today = timezone.localtime(timezone.now(), zone).date()
    return [CalendarDay(day, bookings, day == today) for day, bookings in grouped.items()]


class BookingCalendarView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "bookings/admin/calendar.html"
    header_icon = "date"
    page_title = "Bookings"

    def dispatch(self, request, *args, **kwargs):
        self.venue = managed_venue(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.venue.title

    def get_context_data(self, **kwargs):
        mode = self.request.GET.get("view") if self.request.GET.get("view") in VIEWS else "week"
        today = timezone.localtime(timezone.now(), self.venue.zone).date()
        day = parse_day(self.request.GET.get("date"), today)
        if mode == "week":
            day -= timedelta(days=day.weekday())  # weeks start on Monday
        step = timedelta(days=VIEWS[mode])
        return super().get_context_data(
            venue=self.venue,
            mode=mode,
            first_day=day,
            days=calendar_days(self.venue, day, VIEWS[mode]),
            previous_day=day - step,
            next_day=day + step,
            today=today,
            now=timezone.now(),
            venues=(
                VenuePage.objects.order_by("title").only("pk", "title")
                if self.request.user.is_superuser
                and not VenueManager.objects.filter(user=self.request.user).exists()
                else []
            ),
            **kwargs,
        )


class BookingActionView(View):
    """POST: mark completed or no-show, or cancel (the customer is refunded in full)."""

    def post(self, request, pk, action):
        venue = managed_venue(request)
        booking = get_object_or_404(Booking, pk=pk, venue=venue)
        try:
            if action == "cancel":
                refund = cancel_booking(booking, by_venue=True, reason="Cancelled by the venue")
                messages.success(
                    request, f"Booking cancelled; {format_money(refund)} refunded to the customer."
                )
            elif action in ("completed", "no_show"):
                record_outcome(booking, action)
                messages.success(request, "Booking updated.")
            else:
                raise CannotChangeBooking("Unknown action.")
        except CannotChangeBooking as error:
            messages.error(request, str(error))
        except stripe.StripeError:
            messages.error(request, PAYMENT_PROVIDER_DOWN)
        back = request.POST.get("back", "")
        if not back.startswith(reverse("venue_bookings_calendar")):
            back = reverse("venue_bookings_calendar")
        return redirect(back)
