"""Marketing screens in the Wagtail admin beyond the snippet forms: sending a newsletter and
watching it go, the live audience count, campaign reports and QR codes."""

import io

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from oscar.core.loading import get_model
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from safe_input.numbers import parse_id
from shop.money import format_money

from .charts import bar_chart
from .models import Campaign, Newsletter, Subscriber, TrackedLink
from .models.newsletters import segment
from .reports import campaign_report, newsletter_report
from .tasks import send_test_newsletter

NEWSLETTER_URLS = "wagtailsnippets_marketing_newsletter"
CAMPAIGN_URLS = "wagtailsnippets_marketing_campaign"


def breadcrumbs(view, index_url_name, index_label, obj, edit_url_name):
    """Home › listing › object › this page: the slim header shows the last item as the title."""
    return [
        *view.breadcrumbs_items,
        {"url": reverse(index_url_name), "label": index_label},
        {"url": reverse(edit_url_name, args=[obj.pk]), "label": str(obj)},
        {"url": "", "label": view.get_page_title()},
    ]


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


class SendForm(forms.Form):
    action = forms.ChoiceField(choices=[("test", "test"), ("now", "now"), ("schedule", "schedule")])
    test_email = forms.EmailField(required=False, label="Send a test to")
    scheduled_at = forms.DateTimeField(
        required=False,
        label="Send at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "test" and not data.get("test_email"):
            self.add_error("test_email", "Give the address for the test.")
        if data.get("action") == "schedule":
            when = data.get("scheduled_at")
            if not when:
                self.add_error("scheduled_at", "Choose when to send.")
            elif when <= timezone.now():
                self.add_error("scheduled_at", "Choose a time in the future.")
        return data


class NewsletterSendView(WagtailAdminTemplateMixin, FormView):
    """Test, send now or schedule; then progress (refreshing while it sends) and the report."""

    form_class = SendForm
    template_name = "marketing/admin/newsletter_send.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        require(request, "marketing.change_newsletter")
        self.newsletter = get_object_or_404(Newsletter, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return "Send and report"

    def get_page_subtitle(self):
        return str(self.newsletter)

    def get_breadcrumbs_items(self):
        return breadcrumbs(
            self,
            f"{NEWSLETTER_URLS}:list",
            "Newsletters",
            self.newsletter,
            f"{NEWSLETTER_URLS}:edit",
        )

    def get_initial(self):
        return {
            "test_email": self.request.user.email,
            "scheduled_at": self.newsletter.scheduled_at,
        }

    def get_context_data(self, **kwargs):
        newsletter = self.newsletter
        return super().get_context_data(
            newsletter=newsletter,
            audience=newsletter.recipients().count() if newsletter.can_start else None,
            report=newsletter_report(newsletter),
            edit_url=reverse(f"{NEWSLETTER_URLS}:edit", args=[newsletter.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        from . import sending

        action = form.cleaned_data["action"]
        newsletter = self.newsletter
        if action == "test":
            email, pk = form.cleaned_data["test_email"], newsletter.pk
            transaction.on_commit(lambda: send_test_newsletter.delay(pk, email))
            messages.success(self.request, f"A test is on its way to {email}.")
        elif not newsletter.can_start:
            messages.error(self.request, "This newsletter has already been sent.")
        elif action == "schedule":
            Newsletter.objects.filter(pk=newsletter.pk).update(
                scheduled_at=form.cleaned_data["scheduled_at"], status=Newsletter.Status.SCHEDULED
            )
            messages.success(self.request, "Scheduled.")
        else:
            sending.start_send(newsletter.pk)
            messages.success(self.request, "Sending has started.")
        return redirect(f"{NEWSLETTER_URLS}:send", newsletter.pk)


def audience_count(request):
    """The live recipient count beside the audience fields while a newsletter is edited."""
    require(request, "marketing.change_newsletter")
    # Empty or 0 means "any".
    values = {
        name: (request.GET.get(name) or "").lstrip("0") or None
        for name in ("category", "venue", "inactive_days")
    }
    lists = [value for value in request.GET.getlist("lists") if value]
    numbers = {name: parse_id(value) for name, value in values.items()}
    list_ids = [parse_id(value) for value in lists]
    if None in list_ids or any(values[name] and numbers[name] is None for name in values):
        return JsonResponse(
            {"error": "Lists, category, venue and days must be numbers."}, status=400
        )
    category_id, venue_id = numbers["category"], numbers["venue"]
    inactive_days = min(numbers["inactive_days"], 36500) if numbers["inactive_days"] else None
    from venues.models import VenuePage

    audience = Subscriber.objects.mailable().filter(lists__in=list_ids).distinct()
    audience = segment(
        audience,
        category=get_model("catalogue", "Category").objects.filter(pk=category_id).first()
        if category_id
        else None,
        venue=VenuePage.objects.filter(pk=venue_id).first() if venue_id else None,
        inactive_days=inactive_days,
    )
    return JsonResponse({"count": audience.count()})


class CampaignReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "marketing/admin/campaign_report.html"
    header_icon = "doc-full"

    def dispatch(self, request, pk):
        require(request, "marketing.view_campaign")
        self.campaign = get_object_or_404(Campaign, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return "Report"

    def get_page_subtitle(self):
        return str(self.campaign)

    def get_breadcrumbs_items(self):
        return breadcrumbs(
            self, f"{CAMPAIGN_URLS}:list", "Campaigns", self.campaign, f"{CAMPAIGN_URLS}:edit"
        )

    def get(self, request, *args, **kwargs):
        self.report = campaign_report(self.campaign)
        if request.GET.get("format") == "csv":
            response = HttpResponse(self.report.csv(), content_type="text/csv")
            response["Content-Disposition"] = (
                f'attachment; filename="campaign-{self.campaign.slug}.csv"'
            )
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            campaign=self.campaign,
            report=self.report,
            links=[
                {
                    "label": link.label,
                    "full_url": link.url(),
                    "png": link.qr_url("png"),
                    "svg": link.qr_url("svg"),
                }
                for link in self.campaign.links.select_related("campaign__landing_page")
            ],
            charts=[
                bar_chart(self.report.days, "sessions", title="Sessions by day"),
                bar_chart(self.report.days, "orders", title="Orders by day"),
                bar_chart(
                    self.report.days, "revenue", title="Revenue by day", format_value=format_money
                ),
            ],
            **kwargs,
        )


def link_qr(request, pk, kind):
    """The tracked link as a QR code, PNG for screens and SVG for print."""
    require(request, "marketing.view_campaign")
    link = get_object_or_404(TrackedLink.objects.select_related("campaign__landing_page"), pk=pk)
    if kind not in ("png", "svg"):
        return HttpResponse("Choose png or svg.", status=404)
    qr = segno.make(link.url(), error="m")
    out = io.BytesIO()
    if kind == "png":
        qr.save(out, kind="png", scale=10, border=4)
        content_type = "image/png"
    else:
        qr.save(out, kind="svg", scale=10, border=4, xmldecl=False)
        content_type = "image/svg+xml"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{link.campaign.slug}-{link.pk}.{kind}"'
    return response
