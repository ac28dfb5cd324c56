from django.apps import AppConfig


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = "Venues"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save, pre_delete
        from oscar.core.loading import get_model
        from wagtail.signals import workflow_approved, workflow_rejected

        from accounts import personal_data
        from core.block_registry import CONTENT, NEWSLETTER, block_registry

        from . import blocks, moderation
        from .bookings.accounts import erase_bookings, export_bookings
        from .bookings.holds import release_line_hold
        from .models import VenueIndexPage

        for stream in (CONTENT, NEWSLETTER):
            block_registry.register(stream, "venue_card", blocks.VenueCardBlock, position=20)
            block_registry.register(stream, "venue_grid", blocks.VenueGridBlock, position=21)
        workflow_approved.connect(moderation.notify_provider_of_approval, dispatch_uid="venues-ok")
        workflow_rejected.connect(moderation.notify_provider_of_rejection, dispatch_uid="venues-no")
        personal_data.register_exporter("bookings", export_bookings)
        personal_data.register_eraser(erase_bookings)
        post_save.connect(
            moderation.assign_workflow_to_new_index,
            sender=VenueIndexPage,
            dispatch_uid="venues-index-workflow",
        )
        pre_delete.connect(
            release_line_hold,
            sender=get_model("basket", "Line"),
            dispatch_uid="venues-release-line-hold",
        )
