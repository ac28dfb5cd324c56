"""The venue index and venue pages. A venue page is linked one-to-one to an Oscar partner."""

from dataclasses import replace
from datetime import timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.routing import OneQueryViewRestrictionsMixin, remember_parent
from search.engines.base import SearchUnavailable

from ..admin_forms import VenuePageForm
from ..choices import AMENITY_LABELS, PRICE_LEVELS
from ..hours import Schedule, snapshot
from ..panels import LimitedInlinePanel, MapPickerPanel, ValidatedHoursPanel
from ..queries import VenuePageQuerySet, matching_venue_ids
from ..validators import validate_timezone
from .booking_defaults import VenueBookingDefaults
from .content import MAX_FAQS, MAX_TEAM_MEMBERS


def default_timezone():
    return settings.TIME_ZONE


class VenueIndexPage(OneQueryViewRestrictionsMixin, RoutablePageMixin, Page):
    """Lists the published venues (filters, sort, map) and takes "List your venue" applications."""

    intro = models.TextField(blank=True, max_length=400)
    apply_intro = models.TextField(
        "Application intro",
        blank=True,
        max_length=600,
        help_text='Shown above the "List your venue" form.',
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("apply_intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["venues.VenuePage"]
    max_count = 1
    page_size = 12
    APPLY_PATH = "apply/"  # the application form's route under this page

    def get_context(self, request, *args, **kwargs):
        from ..pages_context import index_context

        return {**super().get_context(request, *args, **kwargs), **index_context(self, request)}

    @path(APPLY_PATH, name="apply")
    def apply_route(self, request):
        from ..applying import application_form_response

        return application_form_response(self, request)

    @path("apply/thanks/", name="apply_thanks")
    def apply_thanks_route(self, request):
        from ..applying import application_thanks_response

        return application_thanks_response(self, request)

    def route(self, request, path_components):
        # A venue, its category and hero image in one query, with this page as its parent
        # (breadcrumbs).
        if len(path_components) == 1 and path_components[0] != "apply":
            venue = (
                VenuePage.objects.child_of(self)
                .select_related("category", "hero_image")
                .filter(slug=path_components[0])
                .first()
            )
            if venue is not None:
                return remember_parent(venue, self).route(request, [])
        return super().route(request, path_components)

    def venues(self, filters, moment=None):
        """The published venues under this page for a listing.

        Category and city go through the search engine, as on /search/; "open now" is decided
        from each venue's hours including dated exceptions, which the index does not hold.
        Ordering, distances and card data come from the database listing.
        """
        venues = VenuePage.objects.child_of(self)
        if filters.category or filters.city:
            try:
                venues = venues.filter(pk__in=matching_venue_ids(filters))
                filters = replace(filters, category="", city="")
            except SearchUnavailable:
                pass  # the database listing filters by category and city itself
        return venues.listing(filters, moment=moment)

    @property
    def apply_url(self):
        return self.url + self.reverse_subpage("apply")


# Routes of the venue index page: a venue with one of these slugs could never be reached.
RESERVED_SLUGS = {"apply"}


class VenuePage(OneQueryViewRestrictionsMixin, VenueBookingDefaults, Page):
    """A venue: a spa, salon, studio… with its hours, team, FAQs, gallery and services."""

    category = models.ForeignKey(
        "venues.VenueCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
    )
    tags = ClusterTaggableManager(through="venues.VenuePageTag", blank=True)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences for cards and search results."
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Wide landscape picture, at least 1600 pixels across.",
    )
    price_level = models.PositiveSmallIntegerField(choices=PRICE_LEVELS, null=True, blank=True)
    amenities = models.JSONField(default=list, blank=True)
    cancellation_policy = models.TextField(
        blank=True, max_length=2000, help_text="Shown on the page and when booking."
    )

    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True, db_index=True)
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=80, blank=True, default="United Kingdom")
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Between -90 and 90. Click the map to set it, or type it in.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Between -180 and 180.",
    )
    timezone = models.CharField(
        max_length=64,
        default=default_timezone,
        validators=[validate_timezone],
        help_text="Opening hours are in this time zone.",
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    # Written on every full save (publishing included) from the hours rows; see save().
    hours_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    partner = models.OneToOneField(
        "partner.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venue_page",
        help_text="The shop partner that sells this venue's services.",
    )

    objects = PageManager.from_queryset(VenuePageQuerySet)()

    parent_page_types = ["venues.VenueIndexPage"]
    subpage_types = []
    # A copy must not take the original's partner (one partner, one venue).
    exclude_fields_in_copy = ["partner"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("city"),
        index.FilterField("city"),
        index.RelatedFields("category", [index.SearchField("name")]),
    ]

    # What /api/v1/cms/pages/ shows of this page type (Wagtail's API v2): chosen, not all.
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("hero_image"),
        APIField("street_address"),
        APIField("city"),
        APIField("postcode"),
        APIField("country"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("timezone"),
        APIField("phone"),
        APIField("website"),
        APIField("cancellation_policy"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("price_level")]),
        FieldPanel("tags", help_text="Words people search for: massage, sauna, yoga…"),
        FieldPanel("hero_image"),
        LimitedInlinePanel(
            "gallery_images",
            label="Gallery picture",
            heading="Gallery",
            help_text="Shown in this order below the hero picture.",
        ),
        FieldPanel("body"),
        FieldPanel("amenities"),
        FieldPanel("cancellation_policy"),
    ]
    location_panels = [
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("postcode")]),
                FieldPanel("country"),
            ],
            heading="Address",
        ),
        MultiFieldPanel(
            [
                MapPickerPanel(),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="Map position",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            heading="Contact",
        ),
        FieldPanel("timezone"),
        HelpPanel(
            "<p>Add one row per opening on each day; a day without rows shows as closed. "
            "Several rows on one day are fine (a lunch break) but they may not overlap. "
            "A closing time earlier than the opening time runs past midnight "
            "(22:00–02:00), and 00:00–00:00 means open all day.</p>",
            heading="Opening hours",
        ),
        ValidatedHoursPanel("opening_hours", label="Opening range", heading="Weekly hours"),
        ValidatedHoursPanel(
            "hours_exceptions",
            label="Exception",
            heading="Holidays and special hours",
            help_text="These replace the weekly hours on their date; no times means closed.",
        ),
    ]
    team_panels = [
        LimitedInlinePanel(
            "team_members",
            label="Team member",
            heading="Team",
            max_num=MAX_TEAM_MEMBERS,
            help_text=f"Up to {MAX_TEAM_MEMBERS} people, in the order shown.",
        ),
        LimitedInlinePanel(
            "faqs",
            label="FAQ",
            heading="Frequently asked questions",
            max_num=MAX_FAQS,
            help_text=f"Up to {MAX_FAQS} questions, in the order shown.",
        ),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldPanel("partner", permission="partner.change_partner"),
    ]

    booking_panels = [
        HelpPanel(
            "<p>These rules apply to every service of the venue; a service can override "
            "them in its booking settings.</p>",
            heading="Booking rules",
        ),
        FieldRowPanel(
            [FieldPanel("booking_duration_minutes"), FieldPanel("booking_buffer_minutes")]
        ),
        FieldRowPanel([FieldPanel("booking_capacity"), FieldPanel("booking_lead_time_minutes")]),
        FieldPanel("booking_window_days"),
        FieldRowPanel(
            [FieldPanel("free_cancellation_hours"), FieldPanel("late_cancellation_refund_percent")]
        ),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(location_panels, heading="Location & hours"),
            ObjectList(team_panels, heading="Team & FAQs"),
            ObjectList(booking_panels, heading="Bookings"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ],
        base_form_class=VenuePageForm,
    )

    class Meta:
        verbose_name = "venue"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            message = f"“{self.slug}” is taken by the venues section: choose another slug."
            raise ValidationError({"slug": message})
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: "Enter both latitude and longitude, or neither."})

    # What listings, templates and the search index read.

    @property
    def location(self):
        """(latitude, longitude) as floats, or None when the venue is not on the map."""
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)

    @property
    def category_name(self):
        return self.category.name if self.category_id else ""

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    @property
    def amenity_labels(self):
        return [AMENITY_LABELS[code] for code in self.amenities if code in AMENITY_LABELS]

    @property
    def price_level_symbol(self):
        return "£" * self.price_level if self.price_level else ""

    @property
    def address_lines(self):
        return [line for line in (self.street_address, self.city, self.postcode) if line]

    @property
    def zone(self):
        return ZoneInfo(self.timezone or settings.TIME_ZONE)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "hours_snapshot" in update_fields:
            self.refresh_hours_snapshot()
        return super().save(*args, **kwargs)

    def refresh_hours_snapshot(self):
        """Copy the hours rows (saved or, in a preview, in memory) into `hours_snapshot`."""
        self.hours_snapshot = snapshot(self.opening_hours.all(), self.hours_exceptions.all())
        self.__dict__.pop("schedule", None)

    @cached_property
    def schedule(self) -> Schedule:
        """Opening hours from the snapshot: no queries, so listings and search can ask freely."""
        return Schedule.from_snapshot(self.zone, self.hours_snapshot or {})

    def is_open_at(self, moment):
        return self.schedule.is_open_at(moment)

    def openings_from_rows(self, days, now=None):
        """The openings from yesterday (a night may run past midnight) for `days` days.

        Read from the hours rows, not the snapshot: a changed row reindexes the venue in
        search before the page itself is saved again."""
        schedule = Schedule.from_snapshot(
            self.zone, snapshot(self.opening_hours.all(), self.hours_exceptions.all())
        )
        first_day = schedule.local_date(now or timezone.now()) - timedelta(days=1)
        return schedule.intervals(first_day, days)

    @property
    def from_price(self):
        """The lowest service price as shoppers see it, when the card query fetched it."""
        from ..services import shown_from_price

        return shown_from_price(getattr(self, "lowest_service_price", None))

    def is_open_now(self):
        return self.is_open_at(timezone.now())

    @property
    def review_summary(self):
        """Its `VenueRating` once it has published reviews, else None (cards select it along)."""
        from .ratings import VenueRating

        try:
            rating = self.rating
        except VenueRating.DoesNotExist:
            return None
        return rating if rating.count else None

    def services(self):
        """This venue's bookable services (Oscar products) with price and duration."""
        from ..services import services_for_partner

        return services_for_partner(self.partner_id)

    def get_context(self, request, *args, **kwargs):
        from ..pages_context import venue_context

        return {**super().get_context(request, *args, **kwargs), **venue_context(self, request)}

    # What the shared SEO module (core.seo) reads; the values come from venue_context().

    def seo_description(self):
        return self.summary

    def seo_overrides(self, meta, request, context):
        share_image_url = context.get("share_image_url", "")
        page_url = context.get("page_full_url") or meta.canonical_url
        properties = []
        if self.location:
            properties = [
                ("place:location:latitude", str(self.latitude)),
                ("place:location:longitude", str(self.longitude)),
            ]
        return {
            "og_type": "business.business",
            # The summary in full: it is one or two sentences already.
            "description": self.search_description or self.summary,
            "canonical_url": page_url,
            # Only the venue's own picture: a shared venue without one shows no image.
            "image_url": share_image_url,
            "image_size": (1200, 630) if share_image_url else None,
            "properties": properties,
        }

    def seo_json_ld(self, meta, request, context):
        local_business = context.get("local_business")
        return [local_business] if local_business else []
