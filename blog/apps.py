from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from . import moderation
        from .models import BlogIndexPage

        post_save.connect(
            moderation.assign_workflow_to_new_index,
            sender=BlogIndexPage,
            dispatch_uid="blog-index-workflow",
        )
