"""Moderating one venue review in the Wagtail admin: publish or reject it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .changes import moderate
from .models import VenueReview

MODERATE_PERMISSION = "venue_reviews.change_venuereview"


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", "Publish"), ("reject", "Reject (hidden; stops counting)")],
        widget=forms.RadioSelect,
    )


class ModerateReviewView(WagtailAdminTemplateMixin, FormView):
    form_class = ModerationForm
    template_name = "reviews/admin/moderate.html"
    header_icon = "comment"
    index_url_name = "venue_reviews:index"

    def dispatch(self, request, pk):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        self.review = get_object_or_404(
            VenueReview.objects.select_related("venue", "user").prefetch_related(
                "photos", "reports"
            ),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"Moderate “{self.review.title}”"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": "Venue reviews"},
            {"url": "", "label": self.review.title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.review, **kwargs)

    def form_valid(self, form):
        publish = form.cleaned_data["decision"] == "publish"
        moderate(self.review, publish=publish, moderator=self.request.user)
        messages.success(self.request, "Published." if publish else "Rejected.")
        return redirect(self.index_url_name)
