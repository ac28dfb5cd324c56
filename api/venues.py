"""/api/v1/venues/ and /api/v1/services/: venues, their services with booking rules, and a
service's free times (the same rules and date bounds as the HTML picker's slot list)."""

from datetime import date

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from bookings.picker import SlotRangeForm, slots_as_json
from bookings.service import MAX_RANGE_DAYS, BookableService, ServiceNotFound
from shop.pricing import ShownPrice, price_of_stockrecord, prices_include_tax
from venues.models import VenuePage
from venues.services import services_for_partner

from .errors import ApiError
from .pagination import PageParams, paginate
from .schemas import CLIENT_ERRORS, PriceOut, price_out

router = Router(tags=["venues"])


class ServiceSummaryOut(Schema):
    id: int
    title: str
    price: PriceOut | None
    duration_minutes: int | None


class VenueOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    summary: str
    city: str
    category: str | None
    timezone: str
    from_price: PriceOut | None


class VenueDetailOut(VenueOut):
    services: list[ServiceSummaryOut]


class VenuePageOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[VenueOut]


class RulesOut(Schema):
    duration_minutes: int
    buffer_minutes: int
    capacity: int
    lead_time_minutes: int
    booking_window_days: int
    free_cancellation_hours: int
    late_cancellation_refund_percent: int
    cancellation_policy: str


class ServiceOut(Schema):
    id: int
    title: str
    price: PriceOut | None
    venue_id: int
    venue_title: str
    timezone: str
    rules: RulesOut


class SlotOut(Schema):
    start: str
    end: str
    label: str
    places_left: int


class DayOut(Schema):
    date: date
    slots: list[SlotOut]


class SlotServiceOut(Schema):
    id: int
    title: str
    duration_minutes: int
    capacity: int


class SlotVenueOut(Schema):
    title: str
    timezone: str


class FreeTimesOut(Schema):
    service: SlotServiceOut
    venue: SlotVenueOut
    from_: date = Field(alias="from")
    to: date
    days: list[DayOut]


class RangeParams(Schema):
    from_: str | None = Field(
        None, alias="from", description="First day (YYYY-MM-DD), default today at the venue."
    )
    to: str | None = Field(
        None, description=f"Last day, inclusive; at most {MAX_RANGE_DAYS} days after `from`."
    )


def visible_venues():
    return VenuePage.objects.visible().for_cards().order_by("title", "pk")


def venue_out(venue, request) -> dict:
    return {
        "id": venue.pk,
        "title": venue.title,
        "slug": venue.slug,
        "url": venue.get_full_url(request) or "",
        "summary": venue.summary,
        "city": venue.city,
        "category": venue.category.name if venue.category else None,
        "timezone": venue.timezone,
        "from_price": price_out(venue.from_price),
    }


@router.get("/venues/", response={200: VenuePageOut, **CLIENT_ERRORS})
def list_venues(request, params: Query[PageParams]):
    page = paginate(request, visible_venues(), params)
    page["results"] = [venue_out(venue, request) for venue in page["results"]]
    return page


@router.get("/venues/{int:venue_id}/", response={200: VenueDetailOut, **CLIENT_ERRORS})
def get_venue(request, venue_id: int):
    venue = get_object_or_404(visible_venues(), pk=venue_id)
    services = [
        {
            "id": service.product_id,
            "title": service.title,
            "price": price_out(service_price(service)),
            "duration_minutes": service.duration_minutes,
        }
        for service in services_for_partner(venue.partner_id)
    ]
    return {**venue_out(venue, request), "services": services}


def service_price(service) -> ShownPrice | None:
    """A venue's service row already carries the policy's figure (services_for_partner)."""
    if service.price is None:
        return None
    return ShownPrice(service.price, service.currency, prices_include_tax())


def load_service(service_id) -> BookableService:
    try:
        return BookableService.load(service_id)
    except ServiceNotFound as error:
        raise ApiError(404, str(error)) from error


def minutes(delta) -> int:
    return int(delta.total_seconds() // 60)


@router.get("/services/{int:service_id}/", response={200: ServiceOut, **CLIENT_ERRORS})
def get_service(request, service_id: int):
    service = load_service(service_id)
    timing = service.timing
    return {
        "id": service.product_id,
        "title": service.title,
        "price": price_out(price_of_stockrecord(service.product, service.stockrecord)),
        "venue_id": service.venue.pk,
        "venue_title": service.venue.title,
        "timezone": service.venue.timezone,
        "rules": {
            "duration_minutes": minutes(timing.duration),
            "buffer_minutes": minutes(timing.buffer),
            "capacity": timing.capacity,
            "lead_time_minutes": minutes(timing.lead_time),
            "booking_window_days": timing.window.days,
            "free_cancellation_hours": int(service.free_cancellation.total_seconds() // 3600),
            "late_cancellation_refund_percent": service.late_refund_percent,
            "cancellation_policy": service.policy_summary,
        },
    }


@router.get(
    "/services/{int:service_id}/availability/",
    response={200: FreeTimesOut, **CLIENT_ERRORS},
    by_alias=True,
)
def service_availability(request, service_id: int, params: Query[RangeParams]):
    """Free times per local day, as the booking picker shows them."""
    service = load_service(service_id)
    query = QueryDict(mutable=True)
    query.update({"from": params.from_ or "", "to": params.to or ""})
    form = SlotRangeForm(query, today=service.local_today())
    if not form.is_valid():
        raise ApiError(422, form.error_message(), range_errors(form))
    return slots_as_json(service, form.cleaned_data["first"], form.cleaned_data["last"])


def range_errors(form) -> dict:
    names = {"date_from": "from", "date_to": "to", "__all__": "__all__"}
    return {names.get(field, field): list(errors) for field, errors in form.errors.items()}
