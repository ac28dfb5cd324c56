"""The primary navigation: the live "show in menus" children of the current site's root, and
the links apps add, ordered by what shoppers come for.

Core imports no domain app: venues and blog rank their section pages with `rank_page_type`,
and the shop adds its own link with `add_menu_link` (it is a URL, not a page), all from
`AppConfig.ready()`. Pages nobody ranked (about, contact) follow, in the page tree's order.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, PageViewRestriction, Site

UNRANKED = 1000


@dataclass(frozen=True)
class MenuLink:
    title: str
    url_name: str
    rank: int
    active_namespaces: tuple[str, ...] = ()


_page_ranks: dict[str, int] = {}  # "app_label.modelname" -> rank
# "app_label.modelname" -> [(title, path under the page)]: e.g. a section's "apply" route.
_page_links: dict[str, list[tuple[str, str]]] = {}
_links: list[MenuLink] = []


def rank_page_type(model_label: str, rank: int, links=()) -> None:
    """Place pages of this type at `rank`; `links` are (title, sub-path) pairs under such a
    page that the footer lists (a routable page's own routes)."""
    _page_ranks[model_label.lower()] = rank
    _page_links[model_label.lower()] = list(links)


def add_menu_link(link: MenuLink) -> None:
    if link not in _links:
        _links.append(link)


def menu_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    # A restriction on a child hides it; one on the root would close the whole site anyway.
    # (Wagtail's public() would read every restriction in a query of its own on every page.)
    restricted = PageViewRestriction.objects.values("page_id")
    children = (
        Page.objects.child_of(site.root_page)
        .live()
        .in_menu()
        .exclude(pk__in=restricted)
        .select_related("content_type")
        .only(
            *("id", "title", "url_path", "path", "depth", "content_type"),
            *("content_type__app_label", "content_type__model"),
        )
    )
    path = getattr(request, "path", "")
    items = []
    for position, page in enumerate(children):
        url = page.get_url(request=request)
        label = f"{page.content_type.app_label}.{page.content_type.model}"
        rank = _page_ranks.get(label, UNRANKED)
        extra = [
            {"title": title, "url": f"{url}{sub_path}"}
            for title, sub_path in _page_links.get(label, ())
            if url
        ]
        item = {"title": page.title, "url": url, "active": url == path, "extra_links": extra}
        items.append((rank, position, item))
    for link in _links:
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        match = getattr(request, "resolver_match", None)
        active = url == path or (match is not None and match.namespace in link.active_namespaces)
        item = {"title": link.title, "url": url, "active": active, "extra_links": []}
        items.append((link.rank, -1, item))
    return [item for _rank, _position, item in sorted(items, key=lambda entry: entry[:2])]
