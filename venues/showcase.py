"""Which venues a showcase block shows, and their cards for every showcase of a page at once.

A showcase without chosen venues picks them itself (newest, top rated, or those of a city).
Those picks are kept in the shared cache under the listing's version, which any venue save
or deletion moves on (`forget_listings`), so a page of showcases costs one query for all
their cards (and one for their pictures) once the picks are cached. Top-rated picks also
expire after `SHOWCASE_CACHE_SECONDS`, since ratings change without a venue being saved.
"""

import uuid

from django.core.cache import cache

from .extensions import decorate_venue_cards

VERSION_KEY = "venues:listing-version"
PICKS_KEY = "venues:showcase:{version}:{show}:{city}:{limit}"
CHOICES_KEY = "venues:filter-choices:{version}"
SHOWCASE_CACHE_SECONDS = 300


def listing_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    return version


def forget_listings(*args, **kwargs) -> None:
    """Every cached pick and filter choice goes (connected to venue saves and deletions)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def picks(show, city, limit, version):
    """(venue ids, city shown) for a showcase that chose no venues; cached."""
    from .models import VenuePage

    key = PICKS_KEY.format(version=version, show=show, city=city.lower(), limit=limit)
    cached = cache.get(key)
    if cached is not None:
        return cached
    venues = VenuePage.objects.visible().order_by()
    shown_city = ""
    if show == "top_rated":
        venues = venues.top_rated()
    elif show == "nearby":
        shown_city = city or VenuePage.objects.visible().busiest_city()
        venues = venues.filter(city__iexact=shown_city).order_by("title")
    else:
        venues = venues.newest()
    if show == "nearby" and shown_city:
        # The city as the venues spell it ("hove" asked, "Hove" shown).
        rows = list(venues.values_list("pk", "city")[:limit])
        answer = ([pk for pk, _ in rows], rows[0][1] if rows else shown_city)
    else:
        answer = (list(venues.values_list("pk", flat=True)[:limit]), "")
    cache.set(key, answer, SHOWCASE_CACHE_SECONDS)
    return answer


def fill_showcases(showcases) -> None:
    """Set `showcase_venues` and `showcase_city` on each showcase value (one cards query)."""
    from .models import VenuePage

    version = listing_version()
    wanted = []
    for value in showcases:
        chosen = [venue for venue in value.get("venues") or [] if venue is not None]
        if value.get("show") == "featured" and chosen:
            wanted.append((None, chosen[: value["limit"]], ""))
        else:
            ids, city = picks(value.get("show"), value.get("city") or "", value["limit"], version)
            wanted.append((ids, None, city))
    all_ids = {pk for ids, _chosen, _city in wanted if ids for pk in ids}
    found = VenuePage.objects.visible().for_cards().in_bulk(all_ids) if all_ids else {}
    everyone = []
    for value, (ids, chosen, city) in zip(showcases, wanted, strict=True):
        if chosen is not None:
            venues = [venue for venue in chosen if venue.live]
        else:
            venues = [found[pk] for pk in ids if pk in found]
        value.showcase_venues, value.showcase_city = venues, city
        everyone.extend(venues)
    decorate_venue_cards(everyone)


def cached_filter_choices():
    """Categories and cities with visible venues (the booking search's choices), cached."""
    from .models import VenuePage

    key = CHOICES_KEY.format(version=listing_version())
    choices = cache.get(key)
    if choices is None:
        choices = VenuePage.objects.filter_choices()
        cache.set(key, choices, SHOWCASE_CACHE_SECONDS)
    return choices
