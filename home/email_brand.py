"""The brand the site's emails carry, from the default site's settings (edited in Wagtail)."""

from django.conf import settings
from wagtail.models import Site

from core.emails import Brand, default_brand


def site_brand() -> Brand:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return default_brand()
    from home.models import SiteSettings

    chosen = SiteSettings.for_site(site)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    logo_url = ""
    if chosen.logo_id:
        url = chosen.logo.get_rendition("height-80").url
        logo_url = url if url.startswith(("http://", "https://")) else base_url + url
    return Brand(
        name=chosen.brand_name or settings.SITE_NAME,
        site_url=base_url,
        colour=chosen.brand_colour,
        logo_url=logo_url,
        address_lines=tuple(line.strip() for line in chosen.address.splitlines() if line.strip()),
        contact_email=chosen.contact_email,
    )
