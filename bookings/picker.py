"""The date picker and free times shown on service, venue and reschedule pages."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone

from safe_input.dates import INVALID_MESSAGE as INVALID_DATE_MESSAGE
from safe_input.dates import QueryDateField

from .service import MAX_RANGE_DAYS, BookableService, ServiceNotFound

PICKER_DAYS = 7  # days offered as quick links next to the date field


class SlotRangeForm(forms.Form):
    """`from` and `to` (ISO dates, inclusive) for the free-slots endpoint."""

    date_from = QueryDateField(required=False)
    date_to = QueryDateField(required=False)

    def __init__(self, data, *, today, **kwargs):
        data = {"date_from": data.get("from") or "", "date_to": data.get("to") or ""}
        super().__init__(data, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        first = cleaned.get("date_from") or self.today
        last = cleaned.get("date_to") or first + timedelta(days=PICKER_DAYS - 1)
        if last < first:
            raise forms.ValidationError("The end date is before the start date.")
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            raise forms.ValidationError(f"Ask for at most {MAX_RANGE_DAYS} days at a time.")
        cleaned["first"], cleaned["last"] = first, last
        return cleaned

    def error_message(self):
        names = {"date_from": "from", "date_to": "to"}
        parts = []
        for field, errors in self.errors.items():
            for error in errors:
                if error == INVALID_DATE_MESSAGE:
                    error = "use a date like 2026-05-31."
                parts.append(f"{names[field]}: {error}" if field in names else error)
        return " ".join(parts)


class PickerForm(forms.Form):
    day = QueryDateField(label="Date", required=False)


@dataclass(frozen=True)
class TimeChoice:
    value: str  # ISO instant posted back
    label: str  # local wall-clock time
    places_left: int


@dataclass
class Picker:
    service: BookableService
    day: date
    form: PickerForm
    times: list
    day_links: list
    error: str = ""


def parse_day(form: PickerForm, today: date):
    if form.is_bound and form.is_valid() and form.cleaned_data["day"]:
        return form.cleaned_data["day"], ""
    if form.is_bound and form.errors:
        return today, form.errors["day"][0]
    return today, ""


def build_picker(
    service: BookableService, params, *, exclude_booking=None, default_day=None, now=None
) -> Picker:
    """Free times on one local day of the service (`?day=YYYY-MM-DD`, default today)."""
    now = now or timezone.now()
    today = service.local_today(now)
    form = PickerForm(params if params.get("day") else None, initial={"day": today})
    day, error = parse_day(form, max(default_day or today, today))
    zone = service.venue.zone
    times = [
        TimeChoice(
            slot.start.isoformat(),
            f"{timezone.localtime(slot.start, zone):%H:%M}",
            slot.places_left,
        )
        for slot in service.free_slots(day, day, now=now, exclude_booking=exclude_booking)
    ]
    links = [today + timedelta(days=offset) for offset in range(PICKER_DAYS)]
    return Picker(service, day, form, times, links, error)


def slots_as_json(service: BookableService, first: date, last: date, *, now=None) -> dict:
    zone = service.venue.zone
    days = {first + timedelta(days=n): [] for n in range((last - first).days + 1)}
    for slot in service.free_slots(first, last, now=now):
        local = timezone.localtime(slot.start, zone)
        days.setdefault(local.date(), []).append(
            {
                "start": slot.start.isoformat(),
                "end": slot.end.isoformat(),
                "label": f"{local:%H:%M}",
                "places_left": slot.places_left,
            }
        )
    return {
        "service": {
            "id": service.product_id,
            "title": service.title,
            "duration_minutes": int(service.timing.duration.total_seconds() // 60),
            "capacity": service.timing.capacity,
        },
        "venue": {"title": service.venue.title, "timezone": service.venue.timezone},
        "from": first.isoformat(),
        "to": last.isoformat(),
        "days": [
            {"date": day.isoformat(), "slots": slots}
            for day, slots in sorted(days.items())
            if first <= day <= last
        ],
    }


def venue_picker(services, params, *, now=None) -> Picker | None:
    """The picker on a venue page: the service in `?service=` (default the first one)."""
    if not services:
        return None
    wanted = params.get("service", "")
    chosen = next((s for s in services if str(s.product_id) == wanted), services[0])
    try:
        service = BookableService.load(chosen.product_id)
    except ServiceNotFound:
        return None
    return build_picker(service, params, now=now)


def product_picker(product, params, *, now=None) -> Picker | None:
    try:
        service = BookableService.load(product.pk)
    except ServiceNotFound:
        return None
    return build_picker(service, params, now=now)


def venue_page_picker(venue, request, *, services, now) -> dict:
    """What a venue page gets from bookings (registered with `venues.extensions`)."""
    return {"booking_picker": venue_picker(services, request.GET, now=now)}
