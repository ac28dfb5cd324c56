"""Blog posts: live, public posts with their categories, tags, authors and hero image."""

from search.documents import RelatedChange, register

from .pages import PageDocumentDefinition, share_image_url
from .text import raw_stream_text


def _posts_of(snippet):
    return snippet.posts.values_list("pk", flat=True)


@register
class PostDocument(PageDocumentDefinition):
    kind = "post"
    label = "Blog posts"
    model = ("blog", "BlogPage")
    many_to_many = ("categories", "authors")
    related = (
        # Renaming a category or an author changes what their posts' documents show.
        RelatedChange(("blog", "BlogCategory"), _posts_of),
        RelatedChange(("blog", "Author"), _posts_of),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("hero_image")
            .prefetch_related("categories", "authors", "tags")
        )

    def to_document(self, post):
        authors = " ".join(author.name for author in post.authors.all())
        return self.page_document(
            post,
            summary=post.summary or post.subtitle or post.search_description,
            body=" ".join(
                filter(None, [post.subtitle, authors, raw_stream_text(post.body.raw_data)])
            ),
            image=share_image_url(post.hero_image),
            categories=[category.name for category in post.categories.all()],
            tags=[tag.name for tag in post.tags.all()],
        )
