"""The primary navigation: the live "show in menus" children of the current site's root."""

from wagtail.models import Page, Site


def menu_pages(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    children = Page.objects.child_of(site.root_page).live().public().in_menu()
    return [
        {"title": page.title, "url": page.get_url(request=request)}
        for page in children.only("id", "title", "url_path", "path", "depth")
    ]
