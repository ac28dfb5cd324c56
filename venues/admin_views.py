"""Wagtail admin: the venue listing's filters, and reviewing "List your venue" applications."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.models import Page, WorkflowState

from .models import VenueApplication, VenueCategory, VenuePage
from .provisioning import ReviewError, approve_application, reject_application

REVIEW_PERMISSION = "venues.change_venueapplication"


def city_choices():
    return [
        (city, city)
        for city in VenuePage.objects.order_by("city")
        .exclude(city="")
        .values_list("city", flat=True)
        .distinct()
    ]


class VenuePageFilterSet(PageFilterSet):
    category = django_filters.ModelChoiceFilter(
        queryset=VenueCategory.objects.all(), empty_label="Any category"
    )
    city = django_filters.ChoiceFilter(choices=city_choices, empty_label="Any city")
    status = django_filters.ChoiceFilter(
        label="Status",
        empty_label="Any status",
        method="filter_status",
        choices=[
            ("live", "Live"),
            ("draft", "Draft (never published)"),
            ("changed", "Live with unpublished changes"),
            ("in_moderation", "In moderation"),
        ],
    )

    class Meta:
        model = VenuePage
        fields = []

    def filter_status(self, queryset, name, value):
        if value == "live":
            return queryset.filter(live=True)
        if value == "draft":
            return queryset.filter(live=False)
        if value == "changed":
            return queryset.filter(live=True, has_unpublished_changes=True)
        in_moderation = (
            WorkflowState.objects.active()
            .filter(base_content_type=ContentType.objects.get_for_model(Page))
            .annotate(page_id=Cast("object_id", IntegerField()))
            .values("page_id")
        )
        return queryset.filter(pk__in=in_moderation)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", "Approve: invite the provider and create a draft venue"),
            ("reject", "Reject: tell the applicant, with the note below"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent to the applicant when rejecting.",
    )


class ReviewApplicationView(WagtailAdminTemplateMixin, FormView):
    form_class = ReviewForm
    template_name = "venues/admin/review_application.html"
    header_icon = "form"
    index_url_name = "venue_applications:index"

    def dispatch(self, request, pk):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        self.application = get_object_or_404(
            VenueApplication.objects.select_related("category", "venue", "reviewed_by"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"Review {self.application.business_name}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": "Venue applications"},
            {"url": "", "label": self.application.business_name},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)

    def form_valid(self, form):
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "approve":
                venue = approve_application(self.application.pk, self.request.user)
                messages.success(
                    self.request,
                    f"Approved: {venue.title} is a draft and its provider has been invited.",
                )
                return redirect("wagtailadmin_pages:edit", venue.pk)
            reject_application(self.application.pk, self.request.user, note)
            messages.success(self.request, "Rejected: the applicant will be told by email.")
        except ReviewError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect(self.index_url_name)
