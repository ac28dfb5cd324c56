"""Wagtail content pages (about, delivery...): live, public pages only."""

from django.apps import apps
from wagtail.models import Page

from search.documents import Document, DocumentDefinition, RelatedChange, register

from .text import raw_stream_text, summarise


class PageDocumentDefinition(DocumentDefinition):
    """Shared by every Wagtail page kind: live pages without a view restriction."""

    def __init__(self):
        # A privacy setting added or removed changes whether a whole subtree is public.
        self.related = (
            *self.related,
            RelatedChange(("wagtailcore", "PageViewRestriction"), self.pages_below_restriction),
        )

    def pages_below_restriction(self, restriction):
        pages = self.get_model().objects.filter(path__startswith=restriction.page.path)
        return pages.values_list("pk", flat=True)

    def get_queryset(self):
        # public() leaves out pages at or below a view restriction.
        return self.get_model().objects.live().public()

    def page_document(self, page, **fields):
        return Document(
            kind=self.kind,
            object_id=page.pk,
            title=page.seo_title or page.title,
            url=page.get_url() or page.url_path,
            published_at=page.first_published_at,
            **fields,
        )


def _page_itself(page):
    return [page.pk]


@register
class SitePageDocument(PageDocumentDefinition):
    """Content pages (about, delivery…) and campaign landing pages, as one kind: "page".

    Content pages are the definition's model; landing pages join through a related change
    (signals name the concrete page class) and the queryset, which reads both types."""

    kind = "page"
    label = "Pages"
    model = ("home", "ContentPage")
    related = (RelatedChange(("home", "LandingPage"), _page_itself),)

    def get_queryset(self):
        page_classes = [self.get_model(), apps.get_model("home", "LandingPage")]
        return Page.objects.live().public().type(*page_classes).specific()

    def pages_below_restriction(self, restriction):
        pages = Page.objects.filter(path__startswith=restriction.page.path)
        return pages.values_list("pk", flat=True)

    def to_document(self, page):
        body = raw_stream_text(page.body.raw_data)
        return self.page_document(
            page,
            summary=page.intro or page.search_description or summarise(body, 30),
            body=body,
            image=share_image_url(getattr(page, "hero_image", None)),
        )


def share_image_url(image):
    return image.get_rendition("fill-480x360").url if image is not None else ""
