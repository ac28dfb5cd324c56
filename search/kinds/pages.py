"""Wagtail content pages (about, delivery...): live, public pages only."""

from search.documents import Document, DocumentDefinition, RelatedChange, register

from .text import stream_text, summarise


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


@register
class ContentPageDocument(PageDocumentDefinition):
    kind = "page"
    label = "Pages"
    model = ("home", "ContentPage")

    def to_document(self, page):
        body = stream_text(page.body)
        return self.page_document(
            page,
            summary=page.intro or page.search_description or summarise(body, 30),
            body=body,
        )
