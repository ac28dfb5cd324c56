from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from core import navigation
        from core.block_registry import CONTENT, block_registry

        from . import blocks, moderation
        from .models import BlogIndexPage

        navigation.rank_page_type("blog.BlogIndexPage", 30)
        block_registry.register(CONTENT, "latest_posts", blocks.LatestPostsBlock, position=50)
        post_save.connect(
            moderation.assign_workflow_to_new_index,
            sender=BlogIndexPage,
            dispatch_uid="blog-index-workflow",
        )
