"""What other apps add to venues, registered from their `AppConfig.ready()`.

Venues does not import the apps that build on it (bookings, for one): they add what a venue
page shows here, and venues asks at render time. (The venues admin menu takes other
apps' entries through Wagtail's own `register_venues_menu_item` hook.)
"""

from collections.abc import Callable

# Each takes (venue, request, services=..., now=...) and returns extra template context.
VenuePageContext = Callable[..., dict]

_page_context: list[VenuePageContext] = []


def add_venue_page_context(provider: VenuePageContext) -> None:
    if provider not in _page_context:
        _page_context.append(provider)


def venue_page_context(venue, request, *, services, now) -> dict:
    context = {}
    for provider in _page_context:
        context.update(provider(venue, request, services=services, now=now))
    return context
