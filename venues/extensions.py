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


# Each takes (venues, now=...) and sets attributes on the venues of a page of cards (e.g.
# bookings' `next_free`), working on all of them at once so a page's queries do not grow
# with its cards.
VenueCardsDecorator = Callable[..., None]

_card_decorators: list[VenueCardsDecorator] = []


def add_venue_cards_decorator(decorator: VenueCardsDecorator) -> None:
    if decorator not in _card_decorators:
        _card_decorators.append(decorator)


def decorate_venue_cards(venues, *, now=None):
    """Let other apps add what a card shows; returns the venues as a list."""
    venues = [venue for venue in venues if venue is not None]
    for decorator in _card_decorators:
        decorator(venues, now=now)
    return venues
