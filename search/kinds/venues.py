"""Venues: live, public venue pages with their place, hours, tags and services.

Service and team names find the venue but are never its text: they are search terms, so a
snippet comes from the venue's own summary and body."""

from django.apps import apps

from search.documents import RelatedChange, register

from .pages import PageDocumentDefinition
from .text import stream_text, summarise

# Days of openings each venue document carries, from yesterday on (see upcoming_openings).
OPENING_WINDOW_DAYS = 10


def _venue_of(row):
    return [row.venue_id]


def _venues_in_category(category):
    return category.venues.values_list("pk", flat=True)


def _venues_of_partner_stock(record):
    # A service's price or stock lives on a stock record owned by the venue's partner.
    VenuePage = apps.get_model("venues", "VenuePage")
    return VenuePage.objects.filter(partner_id=record.partner_id).values_list("pk", flat=True)


def rating_of(venue):
    """The venue's review aggregates, or None before its first published review."""
    VenueRating = apps.get_model("venues", "VenueRating")
    try:
        rating = venue.rating
    except VenueRating.DoesNotExist:
        return None
    return rating if rating.count else None


def upcoming_openings(venue, now=None):
    """The venue's openings from yesterday for a week and more.

    The nightly reconciliation re-indexes venues as this window moves on, so a night or two
    without it changes nothing."""
    return venue.openings_from_rows(OPENING_WINDOW_DAYS, now=now)


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
        # Written by the reviews app whenever a published review changes.
        RelatedChange(("venues", "VenueRating"), _venue_of),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("category", "hero_image", "rating")
            .prefetch_related("tags", "opening_hours", "hours_exceptions", "team_members", "faqs")
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
        body = stream_text(venue.body)
        questions = [faq.question for faq in venue.faqs.all()]
        rating = rating_of(venue)
        return self.page_document(
            venue,
            summary=venue.summary or venue.search_description or summarise(body, 30),
            body=" ".join(filter(None, [body, *questions])),
            search_terms=[
                *(service.title for service in services),
                *(member.name for member in venue.team_members.all()),
            ],
            image=self.image_url(venue),
            categories=[venue.category_name] if venue.category_name else [],
            tags=venue.tag_names,
            city=venue.city,
            lat=location[0] if location else None,
            lon=location[1] if location else None,
            price=min(prices) if prices else None,
            open_periods=upcoming_openings(venue),
            rating=float(rating.average) if rating else None,
            review_count=rating.count if rating else 0,
            top_score=float(rating.top_score) if rating else None,
        )
