"""Marketing in the Wagtail admin: lists, subscribers, newsletters and campaigns."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from shop.money import format_money

from .admin_views import CampaignReportView, NewsletterSendView, audience_count, link_qr
from .models import Campaign, MailingList, Newsletter, Subscriber


class MailingListViewSet(SnippetViewSet):
    model = MailingList
    icon = "list-ul"
    menu_label = "Lists"
    list_display = ["name", "slug", "is_default"]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = "Subscribers"
    list_display = ["email", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "lists"]
    search_fields = ["email"]
    list_export = ["email", "status", "source", "created_at", "confirmed_at"]
    # Status and consent change only through the subscriber's own confirmation and choices.
    form_fields = ["lists"]


class NewsletterIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        label = "Send" if instance.can_start else "Progress and report"
        buttons.append(
            ListingButton(
                label,
                url=reverse(f"{NewsletterViewSet.url_ns}:send", args=[instance.pk]),
                icon_name="mail",
                priority=5,
            )
        )
        return buttons


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = "Newsletters"
    url_ns = "wagtailsnippets_marketing_newsletter"
    index_view_class = NewsletterIndexView
    list_display = [
        "title",
        "subject",
        Column("status", label="Status", accessor="get_status_display"),
        "scheduled_at",
        "started_at",
    ]
    list_filter = ["status"]
    search_fields = ["title", "subject"]
    list_export = ["title", "subject", "status", "scheduled_at", "started_at", "finished_at"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send/<int:pk>/", NewsletterSendView.as_view(), name="send"),
            path("audience-count/", audience_count, name="audience_count"),
        ]


class CampaignIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                "Report",
                url=reverse("wagtailsnippets_marketing_campaign:report", args=[instance.pk]),
                icon_name="doc-full",
                priority=5,
            )
        )
        return buttons


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "pick"
    menu_label = "Campaigns"
    index_view_class = CampaignIndexView
    list_display = [
        "name",
        "slug",
        "starts_on",
        "ends_on",
        Column("budget", label="Budget", accessor=lambda campaign: format_money(campaign.budget)),
    ]
    search_fields = ["name", "slug"]
    list_export = ["name", "slug", "starts_on", "ends_on", "budget"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("report/<int:pk>/", CampaignReportView.as_view(), name="report"),
            path("links/<int:pk>/qr.<str:kind>", link_qr, name="link_qr"),
        ]


class MarketingMenu(ViewSetGroup):
    menu_label = "Marketing"
    menu_icon = "mail"
    menu_order = 160
    items = (NewsletterViewSet, CampaignViewSet, SubscriberViewSet, MailingListViewSet)


register_snippet(MarketingMenu)


@hooks.register("insert_editor_js")
def audience_count_js():
    return format_html('<script src="{}" defer></script>', static("marketing/audience_count.js"))


@hooks.register("register_admin_viewset")
def register_voucher_chooser():
    from .choosers import voucher_chooser

    return voucher_chooser
