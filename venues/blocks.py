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
