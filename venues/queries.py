"""The one listing query for venues, and what it needs: filters, distance and open-now."""

from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Prefetch
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

EARTH_RADIUS_KM = 6371.0088
SORTS = {"name": "Name", "newest": "Newest", "nearest": "Nearest"}


@dataclass(frozen=True)
class VenueFilters:
    """What a visitor (or, later, the search layer) asks a venue listing for."""

    category: str = ""  # a VenueCategory slug
    city: str = ""
    open_now: bool = False
    sort: str = "name"  # one of SORTS; "nearest" needs a point
    latitude: float | None = None
    longitude: float | None = None

    @property
    def point(self):
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


def distance_km(latitude, longitude):
    """Haversine distance from a point to each venue, as a database expression."""
    venue_lat = Radians(Cast("latitude", FloatField()))
    venue_lon = Radians(Cast("longitude", FloatField()))
    lat, lon = Radians(float(latitude)), Radians(float(longitude))
    half_chord = Power(Sin((venue_lat - lat) / 2), 2) + Cos(lat) * Cos(venue_lat) * Power(
        Sin((venue_lon - lon) / 2), 2
    )
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(half_chord))


class VenuePageQuerySet(PageQuerySet):
    def listing(self, filters: VenueFilters, moment=None):
        """Published, public venues matching `filters`, sorted, with what a card shows.

        Filtering and sorting happen in the database; only "open now" is decided in Python
        (hours depend on each venue's time zone), over one light query.
        """
        venues = self.visible()
        if filters.category:
            venues = venues.filter(category__slug=filters.category)
        if filters.city:
            venues = venues.filter(city__iexact=filters.city)
        if filters.open_now:
            venues = venues.filter(pk__in=venues.open_at(moment or timezone.now()))
        if filters.point:
            venues = venues.annotate(distance_km=distance_km(*filters.point))
        if filters.sort == "nearest" and filters.point:
            venues = venues.order_by(F("distance_km").asc(nulls_last=True), "title")
        elif filters.sort == "newest":
            venues = venues.order_by(F("first_published_at").desc(nulls_last=True), "title")
        else:
            venues = venues.order_by("title")
        return venues.for_cards()

    def visible(self):
        """Live venues without a view restriction of their own.

        Wagtail's public() reads every restriction first (one more query per listing); a
        venue has no children, so its own restriction is all that can hide it here, and the
        index page's serve() already applies any restriction above it.
        """
        return self.live().exclude(pk__in=PageViewRestriction.objects.values("page_id"))

    def for_cards(self):
        from .services import lowest_service_price

        renditions = get_image_model().get_rendition_model().objects.all()
        return (
            self.select_related("category", "hero_image", "rating")
            .prefetch_related(Prefetch("hero_image__renditions", queryset=renditions))
            .annotate(lowest_service_price=lowest_service_price())
        )

    def newest(self):
        return self.order_by(F("first_published_at").desc(nulls_last=True), "title")

    def top_rated(self):
        """Best first by the Bayesian score (docs/reviews.md), which weighs the number of
        reviews; venues without reviews follow, newest first."""
        return self.order_by(
            F("rating__top_score").desc(nulls_last=True),
            F("first_published_at").desc(nulls_last=True),
            "title",
        )

    def busiest_city(self):
        """The city with the most venues here (ties: alphabetical), or ""."""
        row = (
            self.exclude(city="")
            .order_by()
            .values("city")
            .annotate(venues=Count("pk"))
            .order_by("-venues", "city")
            .first()
        )
        return row["city"] if row else ""

    def open_at(self, moment):
        """Ids of the venues in this queryset that are open at `moment` (one light query)."""
        venues = self.order_by().only("pk", "timezone", "hours_snapshot")
        return [venue.pk for venue in venues if venue.is_open_at(moment)]

    def filter_choices(self):
        """Categories and cities that have visible venues, for the filters, in one query."""
        rows = (
            self.visible()
            .order_by()
            .values_list("category__slug", "category__name", "city")
            .distinct()
        )
        categories, cities = {}, set()
        for slug, name, city in rows:
            if slug:
                categories[slug] = name
            if city:
                cities.add(city)
        return sorted(categories.items(), key=lambda item: item[1]), sorted(cities)


# The most venues one listing asks the search engine for (Elasticsearch's default window).
MAX_LISTED_VENUES = 10_000


def matching_venue_ids(filters: VenueFilters):
    """Ids of the venues the search engine finds for the listing's category and city."""
    from search.engines import get_engine
    from search.query import SearchQuery

    from .models import VenueCategory

    category = VenueCategory.objects.filter(slug=filters.category).values_list("name", flat=True)
    query = SearchQuery(
        kinds=["venue"],
        categories=list(category) if filters.category else [],
        cities=[filters.city] if filters.city else [],
        page_size=MAX_LISTED_VENUES,
    )
    return [hit.object_id for hit in get_engine().search(query).hits]
