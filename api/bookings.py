"""/api/v1/bookings/: the signed-in customer's bookings, or one booking by the signed link its
emails carry (`?token=`, as in /bookings/<reference>/link/<token>/). Changing the time and
cancelling go through bookings' own services, which state and apply the venue's policy."""

from datetime import datetime
from decimal import Decimal
from uuid import UUID

import stripe
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from bookings.changes import (
    CannotChangeBooking,
    RefundChanged,
    cancel_booking,
    is_free_to_cancel,
    price_paid,
    refund_if_cancelled,
    reschedule_booking,
)
from bookings.links import LinkRefused, booking_from_token
from bookings.manage_views import PAYMENT_PROVIDER_DOWN, can_change, owned_booking
from bookings.models import Booking
from bookings.presenting import shown_booking_price

from .auth import require_csrf
from .errors import ApiError
from .pagination import PageParams, paginate
from .schemas import CLIENT_ERRORS, ErrorOut, PriceOut, price_out

router = Router(tags=["bookings"])

ERRORS = {**CLIENT_ERRORS, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 410: ErrorOut}


class CancellationOut(Schema):
    changeable: bool
    free_to_cancel: bool
    refund_if_cancelled_now: str | None
    paid: str


class BookingOut(Schema):
    reference: str
    status: str
    service_id: int | None
    service: str
    venue_id: int
    venue: str
    timezone: str
    start: datetime
    end: datetime
    price: PriceOut | None
    cancellation: CancellationOut


class BookingPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[BookingOut]


class LinkParams(Schema):
    token: str | None = Field(None, max_length=1000, description="The email link's token.")


class CancelIn(Schema):
    expected_refund: Decimal | None = Field(
        None,
        ge=0,
        le=1_000_000,
        decimal_places=2,
        description="The refund you were shown; if another is due now, nothing happens (409).",
    )


class CancelledOut(Schema):
    booking: BookingOut
    refund: str


class RescheduleIn(Schema):
    start: datetime = Field(..., description="A start from the service's availability.")


def booking_out(booking) -> dict:
    changeable = can_change(booking)
    return {
        "reference": str(booking.reference),
        "status": booking.status,
        "service_id": booking.service_id,
        "service": booking.service_name,
        "venue_id": booking.venue_id,
        "venue": booking.venue.title,
        "timezone": booking.venue.timezone,
        "start": booking.start,
        "end": booking.end,
        "price": price_out(shown_booking_price(booking)),
        "cancellation": {
            "changeable": changeable,
            "free_to_cancel": changeable and is_free_to_cancel(booking),
            "refund_if_cancelled_now": str(refund_if_cancelled(booking)) if changeable else None,
            "paid": str(price_paid(booking)),
        },
    }


def reached_booking(request, reference: UUID, token: str | None, *, writes=False):
    """The booking by its link's token, or the signed-in owner's; anyone else's is 404."""
    if token:
        try:
            return booking_from_token(reference, token)
        except LinkRefused as refusal:
            raise ApiError(refusal.status, str(refusal)) from refusal
    if not request.user.is_authenticated:
        raise ApiError(401, "Sign in, or use the link from your booking's email.")
    if writes:
        require_csrf(request)
    try:
        return owned_booking(request, reference)
    except Http404 as missing:
        raise ApiError(404, "No such booking.") from missing


@router.get("/", response={200: BookingPage, **ERRORS})
def my_bookings(request, params: Query[PageParams]):
    if not request.user.is_authenticated:
        raise ApiError(401)
    bookings = Booking.objects.for_customer(request.user).for_listing().order_by("-start", "pk")
    page = paginate(request, bookings, params)
    page["results"] = [booking_out(booking) for booking in page["results"]]
    return page


@router.get("/{uuid:reference}/", response={200: BookingOut, **ERRORS})
def get_booking(request, reference: UUID, link: Query[LinkParams]):
    return booking_out(reached_booking(request, reference, link.token))


@router.post("/{uuid:reference}/cancel/", response={200: CancelledOut, **ERRORS})
def cancel(request, reference: UUID, link: Query[LinkParams], payload: CancelIn):
    """Cancel under the venue's policy; the answer states the refund."""
    booking = reached_booking(request, reference, link.token, writes=True)
    try:
        refund = cancel_booking(booking, expected_refund=payload.expected_refund)
    except RefundChanged as change:
        raise ApiError(
            409, str(change), {"expected_refund": [f"The refund due now is {change.refund}."]}
        ) from change
    except CannotChangeBooking as error:
        raise ApiError(409, str(error)) from error
    except stripe.StripeError as error:
        raise ApiError(409, PAYMENT_PROVIDER_DOWN) from error
    booking.refresh_from_db()
    return {"booking": booking_out(booking), "refund": str(refund)}


@router.post("/{uuid:reference}/reschedule/", response={200: BookingOut, **ERRORS})
def reschedule(request, reference: UUID, link: Query[LinkParams], payload: RescheduleIn):
    """Move to another free time of the same service; the payment stays as it is."""
    booking = reached_booking(request, reference, link.token, writes=True)
    if timezone.is_naive(payload.start):
        raise ApiError(422, "Give the start with its time zone.", {"start": ["No time zone."]})
    try:
        booking = reschedule_booking(booking, payload.start)
    except CannotChangeBooking as error:
        raise ApiError(409, str(error), {"start": [str(error)]}) from error
    return booking_out(booking)
