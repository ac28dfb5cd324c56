from django.apps import AppConfig


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = "Venues"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import workflow_approved, workflow_rejected

        from core import navigation
        from core.block_registry import CONTENT, NEWSLETTER, block_registry

        from . import blocks, moderation, showcase
        from .models import VenueCategory, VenueIndexPage, VenuePage

        for stream in (CONTENT, NEWSLETTER):
            block_registry.register(stream, "venue_card", blocks.VenueCardBlock, position=20)
            block_registry.register(stream, "venue_grid", blocks.VenueGridBlock, position=21)
        block_registry.register(CONTENT, "venue_showcase", blocks.VenueShowcaseBlock, position=22)
        navigation.rank_page_type(
            "venues.VenueIndexPage", 10, links=[("List your venue", VenueIndexPage.APPLY_PATH)]
        )
        for model in (VenuePage, VenueCategory):
            for signal in (post_save, post_delete):
                signal.connect(
                    showcase.forget_listings,
                    sender=model,
                    dispatch_uid=f"venues-listings-{model.__name__}-{signal is post_save}",
                )
        workflow_approved.connect(moderation.notify_provider_of_approval, dispatch_uid="venues-ok")
        workflow_rejected.connect(moderation.notify_provider_of_rejection, dispatch_uid="venues-no")
        post_save.connect(
            moderation.assign_workflow_to_new_index,
            sender=VenueIndexPage,
            dispatch_uid="venues-index-workflow",
        )
