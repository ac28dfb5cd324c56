"""The primary navigation: the live "show in menus" children of the current site's root."""

from wagtail.models import Page, PageViewRestriction, Site


def menu_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    # A restriction on a child hides it; one on the root would close the whole site anyway.
    # (Wagtail's public() would read every restriction in a query of its own on every page.)
    restricted = PageViewRestriction.objects.values("page_id")
    children = Page.objects.child_of(site.root_page).live().in_menu().exclude(pk__in=restricted)
    return [
        {"title": page.title, "url": page.get_url(request=request)}
        for page in children.only("id", "title", "url_path", "path", "depth")
    ]
