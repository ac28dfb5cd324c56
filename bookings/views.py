"""Customer views: free times (JSON), holding a slot, My bookings (one booking's own pages are
in `manage_views`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bookings.models import Booking
from safe_input.dates import parse_instant
from safe_input.middleware import answers_json
from safe_input.numbers import parse_id
from safe_input.redirects import safe_next_path
from throttling.limits import rate_limit
from venues.models import VenueIndexPage

from .holds import SlotUnavailable, hold_minutes, hold_slot
from .picker import SlotRangeForm, slots_as_json
from .presenting import booking_rows
from .service import BookableService, ServiceNotFound


def bad_request(message):
    return JsonResponse({"error": message}, status=400)


@answers_json
@require_GET
def free_slots_json(request, product_id):
    try:
        service = BookableService.load(product_id)
    except ServiceNotFound as error:
        return bad_request(str(error))
    form = SlotRangeForm(request.GET, today=service.local_today())
    if not form.is_valid():
        return bad_request(form.error_message())
    return JsonResponse(
        slots_as_json(service, form.cleaned_data["first"], form.cleaned_data["last"])
    )


def parse_start(text):
    return parse_instant(text)


def safe_next(request, fallback):
    return safe_next_path(request, request.POST.get("next", ""), fallback)


@require_POST
@rate_limit("booking_hold", key=lambda request: request.session.session_key or None)
def hold_view(request):
    """Book a time: the service goes into the basket with its slot, held for a while."""
    back = safe_next(request, "/")
    start = parse_start(request.POST.get("start"))
    if start is None:
        messages.error(request, "Choose one of the times shown.")
        return redirect(back)
    service_id = parse_id(request.POST.get("service", ""))
    if service_id is None:
        messages.error(request, "Choose a service to book.")
        return redirect(back)
    try:
        booking = hold_slot(service_id, start, request.basket, user=request.user)
    except SlotUnavailable as error:
        messages.error(request, str(error))
        return redirect(back)
    minutes = int(hold_minutes().total_seconds() // 60)
    messages.success(
        request,
        f"{booking.service_name} at {booking.local_start:%H:%M on %a %d %b} is held for "
        f"you for {minutes} minutes. Check out to confirm it.",
    )
    return redirect("basket:summary")


@login_required
def my_bookings(request):
    now = timezone.now()
    bookings = Booking.objects.for_customer(request.user).for_listing()
    upcoming = list(bookings.upcoming_active(now))
    past = list(bookings.past_or_cancelled(now))
    return TemplateResponse(
        request,
        "bookings/my_bookings.html",
        {
            "upcoming": upcoming,
            "past": past,
            "upcoming_rows": booking_rows(upcoming),
            "past_rows": booking_rows(past),
            "venues_url": venues_url(request),
        },
    )


def venues_url(request) -> str:
    index = VenueIndexPage.objects.live().first()
    return index.get_url(request) if index else "/"
