"""The admin dashboard tells reviewers which venue applications wait for them."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import VenueApplication

SHOWN = 5


class ApplicationsWaitingPanel(Component):
    name = "venue_applications_waiting"
    order = 90  # above Wagtail's own panels (pages for moderation is 200)
    template_name = "venues/admin/applications_waiting_panel.html"

    def get_context_data(self, parent_context):
        waiting = VenueApplication.objects.filter(status=VenueApplication.Status.PENDING)
        newest = list(waiting.select_related("category").order_by("-submitted_at")[:SHOWN])
        return {
            "count": waiting.count() if len(newest) == SHOWN else len(newest),
            "applications": [
                (application, reverse("venue_applications:review", args=[application.pk]))
                for application in newest
            ],
            "index_url": reverse("venue_applications:index") + "?status=pending",
        }
