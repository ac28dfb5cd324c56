"""Journal blocks for other pages' bodies. Registered into the shared stream by
BlogConfig.ready()."""

from django.db.models import Prefetch
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.snippets.blocks import SnippetChooserBlock


class LatestPostsBlock(blocks.StructBlock):
    """The newest journal posts (of one category, when chosen), as cards."""

    heading = blocks.CharBlock(max_length=120, required=False)
    category = SnippetChooserBlock(
        "blog.BlogCategory", required=False, help_text="Leave empty for posts of every category."
    )
    limit = blocks.IntegerBlock(min_value=1, max_value=12, default=3)

    class Meta:
        icon = "doc-full"
        template = "blocks/latest_posts_block.html"
        description = "The newest posts from the journal."

    def get_preview_value(self):
        return self.to_python({"heading": "From the journal", "limit": 3})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["posts"] = latest_posts(value.get("category"), value["limit"])
        return context


def latest_posts(category=None, limit=3):
    from .models import BlogPage

    # Compact cards: the hero picture with its renditions, no authors.
    renditions = get_image_model().get_rendition_model().objects.all()
    posts = (
        BlogPage.objects.published()
        .select_related("hero_image")
        .prefetch_related(Prefetch("hero_image__renditions", queryset=renditions))
        .newest_first()
    )
    if category is not None:
        posts = posts.in_category(category)
    return list(posts[:limit])
