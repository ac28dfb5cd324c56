"""What the venue templates get: the index page's listing and a venue page's details.

Page models build their context here (never from view modules); apps that build on venues add
to a venue page's context through `venues.extensions`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone
from wagtail.images import get_image_model

from .extensions import decorate_venue_cards, venue_page_context
from .forms import VenueFilterForm
from .hours import WEEKDAYS
from .models import VenuePage
from .structured_data import local_business

SPECIAL_HOURS_DAYS = 60
SHARE_IMAGE_SPEC = "fill-1200x630"


@dataclass(frozen=True)
class DayHours:
    name: str
    ranges: list
    is_today: bool


def index_context(index_page, request):
    categories, cities = VenuePage.objects.child_of(index_page).filter_choices()
    form = VenueFilterForm(
        request.GET or None,
        categories=categories,
        cities=cities,
    )
    filters = form.filters()
    paginator = Paginator(index_page.venues(filters), index_page.page_size)
    venues = paginator.get_page(request.GET.get("page"))
    venues.object_list = decorate_venue_cards(venues.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "filters": filters,
        "venues": venues,
        "page_query": query.urlencode(),
        **map_settings(),
        "map_points": [
            {"name": venue.title, "url": venue.get_url(request), "lat": lat, "lon": lon}
            for venue in venues
            if venue.location  # venues without coordinates are listed but not mapped
            for lat, lon in [venue.location]
        ],
    }


def map_settings():
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def venue_context(venue, request):
    if getattr(request, "is_preview", False):
        venue.refresh_hours_snapshot()  # a draft's rows are in memory, not in the snapshot
    now = timezone.now()
    today = now.astimezone(venue.zone).date()
    schedule = venue.schedule
    images, gallery, team = attach_images(venue)
    services = venue.services()
    exceptions = schedule.dated_hours(today, today + timedelta(days=SPECIAL_HOURS_DAYS))
    next_opening = schedule.next_opening(now)
    page_url = venue.get_full_url(request) or ""
    share_image = images.get(venue.hero_image_id)
    share_image_url = (
        request.build_absolute_uri(share_image.get_rendition(SHARE_IMAGE_SPEC).url)
        if share_image
        else ""
    )
    # What other apps add (bookings: "booking_picker"; reviews: the summary and list, and
    # "local_business_extra" for the structured data).
    extra = venue_page_context(venue, request, services=services, now=now)
    business = local_business(venue, schedule, page_url, share_image_url, services, exceptions)
    business.update(extra.pop("local_business_extra", {}))
    return {
        "hero_image": share_image,
        "share_image_url": share_image_url,
        "gallery": gallery,
        "team": team,
        "faqs": venue.faqs.all(),
        "services": services,
        "cheapest_service": cheapest(services),
        "week": week_hours(schedule, today),
        "special_hours": exceptions,
        "is_open": schedule.is_open_at(now),
        "closes_at": schedule.closes_at(now),
        "next_opening": next_opening,
        "next_opening_day": relative_day(next_opening, today),
        "map_points": [{"name": venue.title, "lat": venue.location[0], "lon": venue.location[1]}]
        if venue.location
        else [],
        "tags": venue.tag_names,
        **map_settings(),
        "local_business": business,
        "page_full_url": page_url,
        **extra,
    }


def cheapest(services):
    priced = [service for service in services if service.price is not None]
    return min(priced, key=lambda service: service.price) if priced else None


def attach_images(venue):
    """Load the hero, gallery and team pictures with their renditions in two queries."""
    gallery = list(venue.gallery_images.all())
    team = list(venue.team_members.all())
    ids = {venue.hero_image_id, *(row.image_id for row in gallery), *(m.photo_id for m in team)}
    ids.discard(None)
    images = get_image_model().objects.prefetch_renditions().in_bulk(ids) if ids else {}
    for row in gallery:
        row.image = images.get(row.image_id)
    for member in team:
        member.photo = images.get(member.photo_id)
    return images, gallery, team


def relative_day(moment, today: date):
    if moment is None:
        return ""
    days = (moment.date() - today).days
    return {0: "today", 1: "tomorrow"}.get(days, f"{moment:%A}")


def week_hours(schedule, today: date):
    """Monday to Sunday as in the weekly hours; today's row is marked."""
    return [
        DayHours(name, list(schedule.weekly.get(weekday, ())), today.weekday() == weekday)
        for weekday, name in enumerate(WEEKDAYS)
    ]
