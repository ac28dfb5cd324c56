"""Page admin views with our changes, for every page type.

Wagtail 8 autosaves the new-page form too: the first autosave creates the page as a draft.
An editor who leaves without saving leaves that draft behind, hidden under its parent, and a
second try at the same title then fails on the slug. Autosave stays on where a page already
exists (the edit view); a new page is created only when its author saves it."""

from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


class CreateViewWithoutAutosave(CreateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["autosave_enabled"] = False
        return context


class SitePageViewSet(PageViewSet):
    model = Page
    add_view_class = CreateViewWithoutAutosave


site_page_viewset = SitePageViewSet("site_pages")
