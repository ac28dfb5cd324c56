"""Venue StreamField blocks: venue cards and grids. Registered into the shared streams by
VenuesConfig.ready()."""

from wagtail import blocks


class VenueChooserBlock(blocks.PageChooserBlock):
    """A venue page; every venue of a page's blocks loads in one query with its card data."""

    def __init__(self, **kwargs):
        kwargs.setdefault("page_type", "venues.VenuePage")
        super().__init__(**kwargs)

    def bulk_to_python(self, values):
        from .models import VenuePage

        found = VenuePage.objects.for_cards().in_bulk([v for v in values if v is not None])
        return [found.get(value) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


class VenueCardBlock(blocks.StructBlock):
    venue = VenueChooserBlock()

    class Meta:
        icon = "site"
        template = "blocks/venue_grid_block.html"
        description = "One venue as a card."

    def get_preview_value(self):
        venues = sample_venues(1)
        return self.to_python({"venue": venues[0].pk if venues else None})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["venues"] = live_venues([value["venue"]])
        return context


class VenueGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    venues = blocks.ListBlock(VenueChooserBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "site"
        template = "blocks/venue_grid_block.html"
        description = "A grid of chosen venues."

    def get_preview_value(self):
        return self.to_python(
            {"heading": "Places to go", "venues": [v.pk for v in sample_venues(3)]}
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["venues"] = live_venues(value["venues"])
        return context


def sample_venues(count):
    from .models import VenuePage

    return list(VenuePage.objects.live().for_cards().order_by("pk")[:count])


def live_venues(venues):
    """Unpublished or deleted venues drop out of a block rather than breaking it; the rest get
    what other apps add to cards (the next free time)."""
    from .extensions import decorate_venue_cards

    return decorate_venue_cards([venue for venue in venues if venue is not None and venue.live])


SHOWCASE_CHOICES = [
    ("featured", "Featured: the venues chosen below (newest when none are chosen)"),
    ("top_rated", "Top rated"),
    ("nearby", "In a city (the city below, or the one with most venues)"),
    ("newest", "Newest"),
]


class VenueShowcaseBlock(blocks.StructBlock):
    """Venues for a home or landing page, filled in automatically when nobody chose any.

    Every showcase of a page loads together (`bulk_to_python`): which venues each shows comes
    from the shared cache (`venues.showcase`), and their cards from one query."""

    heading = blocks.CharBlock(max_length=120, required=False)
    show = blocks.ChoiceBlock(choices=SHOWCASE_CHOICES, default="featured")
    venues = blocks.ListBlock(
        VenueChooserBlock(required=False), required=False, max_num=12, label="Chosen venues"
    )
    city = blocks.CharBlock(max_length=80, required=False, help_text="For “In a city”.")
    limit = blocks.IntegerBlock(min_value=1, max_value=12, default=4)

    class Meta:
        icon = "site"
        template = "blocks/venue_showcase_block.html"
        description = "Featured, top-rated, nearby or newest venues, as cards."

    def get_preview_value(self):
        return self.to_python({"heading": "Top rated", "show": "top_rated", "limit": 3})

    def bulk_to_python(self, values):
        from .showcase import fill_showcases

        showcases = super().bulk_to_python(values)
        fill_showcases(showcases)
        return showcases

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def get_context(self, value, parent_context=None):
        from .showcase import fill_showcases

        context = super().get_context(value, parent_context)
        if not hasattr(value, "showcase_venues"):
            fill_showcases([value])  # a value built in the admin, not loaded from the database
        context["venues"] = value.showcase_venues
        context["city"] = value.showcase_city
        return context
