"""Fewer queries per page view: routing to a child page and checking view restrictions.

Wagtail finds a child by slug and then loads its specific type (two queries per level), and
checks view restrictions by reading every ancestor and then the restrictions (two more). The
helpers below do each in one query, with the same results.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

# Treebeard's own cache behind `get_parent()`. Neither treebeard nor Wagtail has a public way to
# hand a node the parent it was just loaded through, so these two functions are the only code
# that touches the attribute.
_PARENT_CACHE = "_cached_parent_obj"


def remember_parent(page, parent):
    """Tell `page` the parent it was routed through: `page.get_parent()` then needs no query."""
    setattr(page, _PARENT_CACHE, parent)
    return page


def known_parent(page):
    """The parent `page` already holds (routed through it, or read once), or None: no query."""
    return getattr(page, _PARENT_CACHE, None)


def specific_child(parent, slug):
    """The child page with this slug, as its specific type, in one query (or None).

    Each allowed child type that inherits straight from Page is joined in (multi-table
    inheritance); a child of any other type falls back to Wagtail's `.specific`."""
    links = [
        model._meta.model_name
        for model in parent.specific_class.allowed_subpage_models()
        if model._meta.get_parent_list() == [Page]
    ]
    child = Page.objects.child_of(parent).filter(slug=slug).select_related(*links).first()
    if child is None:
        return None
    for link in links:
        specific = getattr(child, link, None)
        if specific is not None:
            return remember_parent(specific, parent)
    return child.specific


def route_through_specific_child(parent, request, path_components, fallback):
    if not path_components:
        return fallback(request, path_components)
    child = specific_child(parent, path_components[0])
    if child is None:
        return fallback(request, path_components)  # Wagtail raises the 404
    return child.route(request, path_components[1:])


class OneQueryViewRestrictionsMixin:
    """Restrictions on this page or an ancestor (read through aliases), in one query."""

    def get_view_restrictions(self):
        paths = [self.path[:end] for end in range(Page.steplen, len(self.path) + 1, Page.steplen)]
        originals = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
        own = Q(page__path__in=paths, page__alias_of__isnull=True)
        return PageViewRestriction.objects.filter(own | Q(page__in=originals))
