"""Venues: live, public venue pages with their place, hours, tags and services."""

from django.apps import apps
from django.utils import timezone

from search.documents import RelatedChange, register
from search.query import MINUTES_PER_WEEK

from .pages import PageDocumentDefinition
from .text import stream_text


def _venue_of(row):
    return [row.venue_id]


def _venues_in_category(category):
    return category.venues.values_list("pk", flat=True)


def _venues_of_partner_stock(record):
    # A service's price or stock lives on a stock record owned by the venue's partner.
    VenuePage = apps.get_model("venues", "VenuePage")
    return VenuePage.objects.filter(partner_id=record.partner_id).values_list("pk", flat=True)


def _minute_offset(zone):
    """Minutes to add to a venue's local time to get the site's local time (now)."""
    now = timezone.now()
    site = timezone.localtime(now).utcoffset()
    venue = now.astimezone(zone).utcoffset()
    return int((site - venue).total_seconds() // 60)


def weekly_minutes(rows, zone):
    """Opening rows as [opens, closes) minutes since Monday 00:00 in the site's time zone.

    A range past midnight runs into the next day, and Sunday night into Monday morning."""
    offset = _minute_offset(zone)
    periods = []
    for row in rows:
        opens = row.weekday * 1440 + row.opens.hour * 60 + row.opens.minute + offset
        closes = row.weekday * 1440 + row.closes.hour * 60 + row.closes.minute + offset
        if closes <= opens:
            closes += 1440
        opens, closes = opens % MINUTES_PER_WEEK, opens % MINUTES_PER_WEEK + (closes - opens)
        if closes > MINUTES_PER_WEEK:
            periods += [(opens, MINUTES_PER_WEEK), (0, closes - MINUTES_PER_WEEK)]
        else:
            periods.append((opens, closes))
    return sorted(periods)


@register
class VenueDocument(PageDocumentDefinition):
    kind = "venue"
    label = "Venues"
    model = ("venues", "VenuePage")
    related = (
        RelatedChange(("venues", "OpeningHours"), _venue_of),
        RelatedChange(("venues", "HoursException"), _venue_of),
        RelatedChange(("venues", "TeamMember"), _venue_of),
        RelatedChange(("venues", "VenueFAQ"), _venue_of),
        RelatedChange(("venues", "VenueCategory"), _venues_in_category),
        RelatedChange(("partner", "StockRecord"), _venues_of_partner_stock),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("category", "hero_image")
            .prefetch_related("tags", "opening_hours", "team_members", "faqs")
        )

    @staticmethod
    def image_url(venue):
        if not venue.hero_image_id:
            return ""
        return venue.hero_image.get_rendition("fill-480x360").url

    def to_document(self, venue):
        services = venue.services()
        prices = [service.price for service in services if service.price is not None]
        location = venue.location
        body_parts = [
            stream_text(venue.body),
            " ".join(service.title for service in services),
            " ".join(member.name for member in venue.team_members.all()),
            " ".join(faq.question for faq in venue.faqs.all()),
        ]
        return self.page_document(
            venue,
            summary=venue.summary or venue.search_description,
            body=" ".join(filter(None, body_parts)),
            image=self.image_url(venue),
            categories=[venue.category_name] if venue.category_name else [],
            tags=venue.tag_names,
            city=venue.city,
            lat=location[0] if location else None,
            lon=location[1] if location else None,
            price=min(prices) if prices else None,
            opening_hours=weekly_minutes(venue.opening_hours.all(), venue.zone),
        )
