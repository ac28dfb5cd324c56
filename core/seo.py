"""Search and sharing metadata for every page: title and description with fallbacks, canonical
URL, OpenGraph/Twitter tags with an image, and schema.org JSON-LD.

`seo_for(context)` picks what the template context shows: a Wagtail page, an object another
app registered a builder for (`register_context_seo`: the shop's products and categories), or
any other view (generic tags only). This module imports no page class: a page gives its data
through the optional methods of `SeoPage`.
"""

import json
from dataclasses import dataclass, field, replace
from typing import Protocol

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Page, Site

from .routing import known_parent

DESCRIPTION_WORDS = 30
SHARE_RENDITION = "fill-1200x630"
DEFAULT_SHARE_IMAGE = "img/share-default.png"

# The same escapes as Django's json_script: nothing in the data can close the script element.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_script_json(data):
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES))  # noqa: S308 (escaped above)


@dataclass
class Crumb:
    name: str
    url: str


@dataclass
class SeoMeta:
    title: str
    description: str
    canonical_url: str
    site_name: str
    image_url: str = ""
    image_size: tuple[int, int] | None = None
    og_type: str = "website"
    # Further OpenGraph (property, content) pairs, such as a place's coordinates.
    properties: list[tuple[str, str]] = field(default_factory=list)
    breadcrumbs: list[Crumb] = field(default_factory=list)
    json_ld: list[dict] = field(default_factory=list)

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image_url else "summary"

    @property
    def json_ld_scripts(self):
        """Each object escaped for a <script> element (nothing inside can close it)."""
        return [as_script_json(data) for data in self.json_ld]


def plain(text, words=DESCRIPTION_WORDS):
    return Truncator(" ".join(strip_tags(text or "").split())).words(words, truncate="…")


def site_for(request):
    return Site.find_for_request(request) if request is not None else None


def root_url(request):
    site = site_for(request)
    if site is not None:
        return site.root_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(request, url):
    if not url or url.startswith(("http://", "https://")):
        return url or ""
    return root_url(request) + url


def site_name(request):
    site = site_for(request)
    return (site.site_name if site else "") or settings.SITE_NAME


def tagline():
    return settings.OSCAR_SHOP_TAGLINE


def default_image(request):
    return absolute(request, static(DEFAULT_SHARE_IMAGE))


def canonical(request):
    """This address without its query string, except the page number of a listing."""
    url = root_url(request) + request.path
    page_number = request.GET.get("page")
    if page_number and page_number.isascii() and page_number.isdigit() and page_number != "1":
        url += f"?page={page_number}"
    return url


def breadcrumb_list(crumbs):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name, "item": crumb.url}
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def organization(request, brand):
    """The business, from the site settings editors keep: `brand` has brand_name, logo,
    contact_email, contact_phone and social_links."""
    logo = image_url(brand.logo, request) if brand.logo_id else ""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": root_url(request) + "/#organization",
        "name": brand.brand_name or site_name(request),
        "url": root_url(request) + "/",
        "logo": logo or absolute(request, static("img/logo-mark.svg")),
    }
    optional = {
        "email": brand.contact_email,
        "telephone": brand.contact_phone,
        "sameAs": [url for _name, url in brand.social_links],
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def website(request):
    root = root_url(request)
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": root + "/#website",
        "name": site_name(request),
        "url": root + "/",
        "publisher": {"@id": root + "/#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": root + "/search/?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


# --- Wagtail pages ---------------------------------------------------------------------------


class SeoPage(Protocol):
    """What a page may give, each method optional. Without them a page shares its title,
    search description, `hero_image` and breadcrumbs."""

    def seo_description(self) -> str:
        """Used when the editor left the search description empty."""

    def seo_image(self):
        """The Wagtail image shared with the page (default: `hero_image`)."""

    def seo_json_ld(self, meta, request, context) -> list[dict]:
        """The page's own schema.org objects; they come before its breadcrumbs."""

    def seo_overrides(self, meta, request, context) -> dict:
        """SeoMeta fields this page sets itself (og_type, image_url, properties …)."""


def page_breadcrumbs(page, request, listing_title=None):
    """Home, the pages between it and this page, the page, and a routed listing (a category…).

    The home crumb needs no query (it is the site's root URL); nor does a page just below it."""
    site = site_for(request)
    root_depth = site.root_page.depth if site else 2
    home = Crumb("Home", root_url(request) + "/")
    if page.pk and page.depth <= root_depth:
        crumbs = [home]
    else:
        between = []
        parent = known_parent(page)  # known when routed through it
        if parent is not None and page.depth == root_depth + 2:
            between = [parent]
        elif page.pk and page.depth > root_depth + 1:
            between = (
                Page.objects.ancestor_of(page)
                .filter(depth__gt=root_depth)
                .only("title", "url_path", "path", "depth")
            )
        crumbs = [home, *(Crumb(p.title, absolute(request, p.get_url(request))) for p in between)]
        page_url = absolute(request, page.get_url(request)) if page.pk else canonical(request)
        crumbs.append(Crumb(page.title, page_url))
    if listing_title:
        crumbs.append(Crumb(listing_title, canonical(request)))
    return crumbs


def image_url(image, request):
    if image is None:
        return ""
    return absolute(request, image.get_rendition(SHARE_RENDITION).url)


def page_seo(page, request, context):
    page_description = getattr(page, "seo_description", None)
    description = page.search_description or (page_description() if page_description else "")
    image = page.seo_image() if hasattr(page, "seo_image") else getattr(page, "hero_image", None)
    listing_title = context.get("listing_title")
    meta = SeoMeta(
        title=f"{listing_title} | {page.title}"
        if listing_title
        else (page.seo_title or page.title),
        description=plain(description) or tagline(),
        canonical_url=canonical(request),
        site_name=site_name(request),
        image_url=image_url(image, request) or default_image(request),
        breadcrumbs=page_breadcrumbs(page, request, listing_title),
    )
    if hasattr(page, "seo_overrides"):
        # replace() rejects a misspelt field rather than setting a stray attribute.
        meta = replace(meta, **page.seo_overrides(meta, request, context))
    if hasattr(page, "seo_json_ld"):
        meta.json_ld.extend(page.seo_json_ld(meta, request, context))
    if len(meta.breadcrumbs) > 1:
        meta.json_ld.append(breadcrumb_list(meta.breadcrumbs))
    return meta


def article(page, meta, request, authors=()):
    published = page.first_published_at or page.latest_revision_created_at
    modified = page.last_published_at or published
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title[:110],
        "description": meta.description,
        "image": [meta.image_url] if meta.image_url else [],
        "datePublished": (published or page.date).isoformat(),
        "dateModified": (modified or page.date).isoformat(),
        "author": [{"@type": "Person", "name": author.name} for author in authors]
        or [{"@type": "Organization", "name": meta.site_name}],
        "publisher": {
            "@type": "Organization",
            "name": meta.site_name,
            "logo": {"@type": "ImageObject", "url": absolute(request, static("img/logo-mark.svg"))},
        },
        "mainEntityOfPage": meta.canonical_url,
    }


# --- Other objects a view shows ----------------------------------------------------------


@dataclass(frozen=True)
class ContextSeo:
    context_key: str
    accepts: object  # value -> bool
    build: object  # (value, request, context) -> SeoMeta


CONTEXT_SEO = []


def register_context_seo(context_key, accepts, build):
    """`build(value, request, context)` makes the metadata when the context's `context_key`
    holds a value `accepts(value)` takes (apps register from their AppConfig.ready())."""
    CONTEXT_SEO.append(ContextSeo(context_key, accepts, build))


def generic_seo(request, context):
    return SeoMeta(
        title=site_name(request),
        description=tagline(),
        canonical_url=canonical(request),
        site_name=site_name(request),
        image_url=default_image(request),
    )


def seo_for(context):
    """The metadata for whatever this template context shows."""
    request = context.get("request")
    if request is None:
        return None
    page = context.get("page")
    if isinstance(page, Page):
        return page_seo(page, request, context)
    for entry in CONTEXT_SEO:
        value = context.get(entry.context_key)
        if value is not None and entry.accepts(value):
            return entry.build(value, request, context)
    return generic_seo(request, context)
