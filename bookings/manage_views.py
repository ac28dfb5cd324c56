"""One booking's pages: see it, change its time, cancel it, download it.

The same views serve the signed-in owner (`/bookings/<reference>/...`) and whoever holds the
booking's signed link (`/bookings/<reference>/link/<token>/...`, see `bookings.links`). Each
change goes through a confirmation page that states the refund before anything happens.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import wraps

import stripe
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bookings.models import Booking
from safe_input.dates import parse_instant
from shop.money import format_money, to_decimal
from shop.tasks import order_status_path

from .changes import (
    CannotChangeBooking,
    RefundChanged,
    booked_service,
    cancel_booking,
    is_free_to_cancel,
    price_paid,
    refund_if_cancelled,
    reschedule_booking,
)
from .ics import booking_calendar
from .links import LinkRefused, booking_from_token
from .picker import build_picker
from .presenting import shown_booking_price

ZERO = Decimal("0.00")
UNREADABLE = Decimal("-1")  # never a refund
PAYMENT_PROVIDER_DOWN = (
    "We could not reach our payment provider, so nothing has changed; please try again."
)


@dataclass(frozen=True)
class Access:
    """A booking and how its pages were reached: by its owner, or by its signed link."""

    booking: Booking
    token: str = ""

    def url(self, name):
        kwargs = {"reference": self.booking.reference}
        if self.token:
            return reverse(f"bookings:guest-{name}", kwargs={**kwargs, "token": self.token})
        return reverse(f"bookings:{name}", kwargs=kwargs)

    @property
    def after_change_url(self):
        # Owners go back to their list; a guest has only the booking's own page.
        return self.url("detail") if self.token else reverse("bookings:mine")


def owned_booking(request, reference):
    return get_object_or_404(
        Booking.objects.for_customer(request.user).select_related(
            "venue", "service", "order_line__order"
        ),
        reference=reference,
    )


def booking_page(view):
    """Resolve the booking from the owner's session or the link's token; refuse clearly."""

    @wraps(view)
    def wrapper(request, reference, token=None):
        if token is not None:
            try:
                booking = booking_from_token(reference, token)
            except LinkRefused as refusal:
                return TemplateResponse(
                    request,
                    "bookings/link_refused.html",
                    {"message": str(refusal)},
                    status=refusal.status,
                )
            return view(request, Access(booking, token))
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, Access(owned_booking(request, reference)))

    return wrapper


def can_change(booking, now=None):
    return booking.status == Booking.Status.CONFIRMED and booking.start > (now or timezone.now())


def currency_of(booking):
    return booking.order.currency if booking.order_line_id else None


def page_context(access, **extra):
    booking = access.booking
    return {
        "booking": booking,
        "access": access,
        # The owner's pages sit in the account area; a link's holder has no account to show.
        "base_template": "base.html" if access.token else "accounts/layout.html",
        "detail_url": access.url("detail"),
        "reschedule_url": access.url("reschedule"),
        "cancel_url": access.url("cancel"),
        "ics_url": access.url("ics"),
        "order_url": order_status_path(booking.order) if booking.order_line_id else "",
        "price": shown_booking_price(booking),
        "currency": currency_of(booking),
        "changeable": can_change(booking),
        **extra,
    }


@booking_page
def detail_view(request, access):
    booking = access.booking
    extra = {}
    if can_change(booking):
        extra = {
            "refund_now": refund_if_cancelled(booking),
            "free_to_cancel": is_free_to_cancel(booking),
        }
    return TemplateResponse(request, "bookings/detail.html", page_context(access, **extra))


def refuse_change(request, access, error):
    messages.error(request, str(error))
    return redirect(access.url("detail"))


@require_http_methods(["GET", "POST"])
@booking_page
def cancel_view(request, access):
    """GET: the confirmation, stating the refund. POST: cancel (the stated refund, or none)."""
    booking = access.booking
    if request.method == "GET":
        if not can_change(booking):
            return refuse_change(request, access, "This booking can no longer be cancelled.")
        return cancel_confirmation(request, access, refund_if_cancelled(booking))
    stated = request.POST.get("refund")
    expected = None
    if stated is not None:
        # An unreadable figure matches no refund, so the page states the real one again.
        expected = to_decimal(stated)
        expected = UNREADABLE if expected is None else expected
    try:
        refund = cancel_booking(booking, expected_refund=expected)
    except RefundChanged as change:
        messages.warning(request, str(change))
        return cancel_confirmation(request, access, change.refund)
    except CannotChangeBooking as error:
        messages.error(request, str(error))
    except stripe.StripeError:
        messages.error(request, PAYMENT_PROVIDER_DOWN)
    else:
        refunded = (
            f" {format_money(refund, currency_of(booking))} is on its way back to you."
            if refund
            else " No refund is due under the venue's cancellation policy."
        )
        messages.success(request, f"Your booking is cancelled.{refunded}")
    return redirect(access.after_change_url)


def cancel_confirmation(request, access, refund):
    booking = access.booking
    context = page_context(
        access,
        refund=refund,
        paid=price_paid(booking),
        kept=max(price_paid(booking) - refund, ZERO),
        free_to_cancel=is_free_to_cancel(booking),
    )
    return TemplateResponse(request, "bookings/cancel_confirm.html", context)


def without_current_time(picker, booking):
    """The picker minus the booking's own time: moving to it would change nothing."""
    times = [time for time in picker.times if parse_instant(time.value) != booking.start]
    return replace(picker, times=times)


@require_http_methods(["GET", "POST"])
@booking_page
def reschedule_view(request, access):
    """GET: free times to move to. POST (from the confirmation page): move the booking."""
    booking = access.booking
    if request.method == "POST":
        start = parse_instant(request.POST.get("start"))
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
            return redirect(access.after_change_url)
    service = booked_service(booking)
    if service is None:
        messages.error(request, "This service is no longer offered, so its time cannot change.")
        return redirect(access.after_change_url)
    if not can_change(booking):
        return refuse_change(request, access, "This booking's time can no longer change.")
    picker = build_picker(
        service, request.GET, exclude_booking=booking, default_day=booking.local_start.date()
    )
    context = page_context(
        access,
        picker=without_current_time(picker, booking),
        picker_action_url=access.url("reschedule-confirm"),
        free_to_cancel=is_free_to_cancel(booking),
    )
    return TemplateResponse(request, "bookings/reschedule.html", context)


@require_http_methods(["GET", "POST"])
@booking_page
def reschedule_confirm_view(request, access):
    """The chosen time, the old one and the money (none moves) before the booking moves."""
    booking = access.booking
    start = parse_instant(request.POST.get("start") or request.GET.get("start"))
    service = booked_service(booking)
    if not can_change(booking) or service is None:
        return refuse_change(request, access, "This booking's time can no longer change.")
    problem = None
    if start is None:
        problem = "Choose one of the times shown."
    elif start == booking.start:
        problem = "Your booking is already at that time: choose another."
    elif service.slot_at(start, exclude_booking=booking) is None:
        problem = "That time is no longer free: please choose another."
    if problem:
        messages.error(request, problem)
        return redirect(access.url("reschedule"))
    new_start = timezone.localtime(start, booking.venue.zone)
    context = page_context(
        access,
        new_start=new_start,
        new_end=new_start + service.timing.duration,
        start_value=start.isoformat(),
        refund=ZERO,  # moving keeps the payment: nothing goes back, nothing more is taken
        policy_summary=service.policy_summary,
    )
    return TemplateResponse(request, "bookings/reschedule_confirm.html", context)


@booking_page
def calendar_file(request, access):
    booking = access.booking
    response = HttpResponse(booking_calendar(booking), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.reference}.ics"'
    return response
