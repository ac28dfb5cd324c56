"""Venue reviews for Moderators: held ones first, filters, and publish or reject."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from .admin_views import MODERATE_PERMISSION, ModerateReviewView
from .models import VenueReview


class ReviewIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("venue")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(MODERATE_PERMISSION):
            buttons.append(
                ListingButton(
                    "Publish or reject",
                    url=reverse("venue_reviews:moderate", args=[instance.pk]),
                    icon_name="tasks",
                    priority=5,
                )
            )
        return buttons


class VenueReviewViewSet(ModelViewSet):
    model = VenueReview
    name = "venue_reviews"
    icon = "comment"
    menu_label = "Reviews"
    # Listed in the "Venues" admin menu.
    menu_hook = "register_venues_menu_item"
    menu_order = 4
    index_view_class = ReviewIndexView
    list_display = ["title", "venue", "rating", "status", "held_because", "created_at"]
    list_filter = ["status", "rating", "venue"]
    search_fields = ["title", "body", "author_name"]
    ordering = ["status", "-created_at"]
    # Moderators may trim a review's words (a phone number, a name); stars and status change
    # only through "Publish or reject", which keeps the venue's rating in step.
    form_fields = ["title", "body"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "venue",
        "author_name",
        "rating",
        "service_rating",
        "cleanliness_rating",
        "value_rating",
        "title",
        "body",
        "status",
        "held_because",
        "created_at",
        "reply",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/", ModerateReviewView.as_view(), name="moderate"),
        ]


@hooks.register("register_admin_viewset")
def register_venue_reviews():
    return VenueReviewViewSet()
