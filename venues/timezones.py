"""Time zones a venue editor picks from: the venue's country's zones first, then the other
current zones (no aliases such as "GB" or "US/Eastern", no "Etc/GMT+5"), and a default worked
out from the country and city."""

from functools import cache
from zoneinfo import available_timezones

from babel import Locale
from babel.core import get_global
from django.conf import settings

# Names people write that are not CLDR's English territory names.
COUNTRY_ALIASES = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "usa": "US"}


@cache
def _territories():
    names = {name.lower(): code for code, name in Locale("en").territories.items()}
    return {**names, **COUNTRY_ALIASES}


def country_code(country: str) -> str | None:
    """ "United Kingdom" (or "UK", "GB") → "GB"; None for a name we do not know."""
    text = (country or "").strip()
    if len(text) == 2 and text.upper() in get_global("territory_zones"):
        return text.upper()
    return _territories().get(text.lower())


def zones_for_country(country: str) -> list[str]:
    installed = available_timezones()
    code = country_code(country)
    zones = get_global("territory_zones").get(code, []) if code else []
    return sorted(zone for zone in zones if zone in installed)


@cache
def current_zones() -> tuple[str, ...]:
    """Every zone some country uses today, as the tz database names it."""
    installed = available_timezones()
    zones = {zone for zones in get_global("territory_zones").values() for zone in zones}
    # "Etc/GMT+5" and "UTC" are offsets, not places: a venue is somewhere.
    return tuple(
        sorted(
            zone
            for zone in zones
            if zone in installed and "/" in zone and not zone.startswith("Etc/")
        )
    )


def label(zone: str) -> str:
    return zone.replace("_", " ").replace("/", " / ")


def timezone_choices(country: str, current: str = "") -> list:
    """Grouped choices: the country's zones, then the rest; a stored zone that is no longer
    current stays choosable so saving never silently changes it."""
    own = zones_for_country(country)
    rest = [zone for zone in current_zones() if zone not in own]
    if current and current not in own and current not in rest:
        rest = sorted([*rest, current])
    groups = []
    if own:
        groups.append((f"In {country.strip()}", [(zone, label(zone)) for zone in own]))
    groups.append(("Other time zones" if own else "Time zones", [(z, label(z)) for z in rest]))
    return groups


def default_timezone_for(country: str, city: str = "") -> str:
    """The country's zone; for a country with several, the one named after the city (else the
    site's zone when it is one of them, else the country's first)."""
    zones = zones_for_country(country)
    if len(zones) == 1:
        return zones[0]
    wanted = (city or "").strip().lower()
    for zone in zones:
        if zone.rsplit("/", 1)[-1].replace("_", " ").lower() == wanted:
            return zone
    if settings.TIME_ZONE in zones or not zones:
        return settings.TIME_ZONE
    return zones[0]
