"""Customer views: free times (JSON), holding a slot, My bookings, cancel, reschedule, .ics."""

import stripe
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bookings.models import Booking
from safe_input.dates import parse_instant
from safe_input.middleware import answers_json
from safe_input.numbers import parse_id
from safe_input.redirects import safe_next_path
from shop.money import format_money
from throttling.limits import rate_limit

from .changes import (
    CannotChangeBooking,
    booked_service,
    cancel_booking,
    is_free_to_cancel,
    reschedule_booking,
)
from .holds import SlotUnavailable, hold_minutes, hold_slot
from .ics import booking_calendar
from .picker import SlotRangeForm, build_picker, slots_as_json
from .service import BookableService, ServiceNotFound

PAYMENT_PROVIDER_DOWN = (
    "We could not reach our payment provider, so nothing has changed; please try again."
)


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


def customer_booking(request, reference):
    return get_object_or_404(
        Booking.objects.for_customer(request.user).select_related("venue", "service", "order_line"),
        reference=reference,
    )


@login_required
def my_bookings(request):
    now = timezone.now()
    bookings = Booking.objects.for_customer(request.user).for_listing()
    return TemplateResponse(
        request,
        "bookings/my_bookings.html",
        {
            "upcoming": list(bookings.upcoming_active(now)),
            "past": list(bookings.past_or_cancelled(now)),
        },
    )


@login_required
@require_POST
def cancel_view(request, reference):
    booking = customer_booking(request, reference)
    try:
        refund = cancel_booking(booking)
    except CannotChangeBooking as error:
        messages.error(request, str(error))
    except stripe.StripeError:
        messages.error(request, PAYMENT_PROVIDER_DOWN)
    else:
        currency = booking.order.currency if booking.order_line_id else ""
        refunded = (
            f" {format_money(refund, currency or None)} is on its way back to you."
            if refund
            else (" No refund is due under the venue's cancellation policy.")
        )
        messages.success(request, f"Your booking is cancelled.{refunded}")
    return redirect("bookings:mine")


@login_required
def reschedule_view(request, reference):
    booking = customer_booking(request, reference)
    if request.method == "POST":
        start = parse_start(request.POST.get("start"))
        try:
            if start is None:
                raise CannotChangeBooking("Choose one of the times shown.")
            booking = reschedule_booking(booking, start)
        except CannotChangeBooking as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Your booking now starts at {booking.local_start:%H:%M on %a %d %b}."
            )
            return redirect("bookings:mine")
    service = booked_service(booking)
    if service is None:
        messages.error(request, "This service is no longer offered, so its time cannot change.")
        return redirect("bookings:mine")
    picker = build_picker(
        service, request.GET, exclude_booking=booking, default_day=booking.local_start.date()
    )
    return TemplateResponse(
        request,
        "bookings/reschedule.html",
        {"booking": booking, "picker": picker, "free_to_cancel": is_free_to_cancel(booking)},
    )


@login_required
def calendar_file(request, reference):
    booking = customer_booking(request, reference)
    response = HttpResponse(booking_calendar(booking), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.reference}.ics"'
    return response
