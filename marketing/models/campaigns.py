"""Campaigns, their tracked links, and the attribution stored with each order."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class Campaign(ClusterableModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(
        unique=True, help_text="Used as utm_campaign in tracked links and to attribute visits."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    offers = ParentalManyToManyField(
        "offer.ConditionalOffer",
        blank=True,
        related_name="campaigns",
        help_text="Site offers that belong to this campaign.",
    )
    voucher_set = models.ForeignKey(
        "voucher.VoucherSet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
        help_text="Generated codes handed out in this campaign (Oscar voucher sets).",
    )
    landing_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("budget")]),
        MultiFieldPanel(
            [FieldPanel("offers"), FieldPanel("voucher_set"), FieldPanel("landing_page")],
            heading="Offers and landing page",
        ),
        InlinePanel("links", heading="Tracked links", label="Link"),
    ]

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self):
        return self.name


class TrackedLink(Orderable):
    """A link to share (ads, print via its QR code) that tells us where a visit came from."""

    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=120, help_text="e.g. “Flyer, harbour café”.")
    destination = models.CharField(
        max_length=500, blank=True, help_text="A path on this site; empty means the landing page."
    )
    utm_source = models.CharField(
        "UTM source", max_length=80, help_text="e.g. flyer, facebook, partner."
    )
    utm_medium = models.CharField(
        "UTM medium", max_length=80, help_text="e.g. print, social, email, cpc."
    )
    utm_content = models.CharField(
        "UTM content", max_length=80, blank=True, help_text="Tells apart links in one place."
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("destination"),
        FieldRowPanel(
            [FieldPanel("utm_source"), FieldPanel("utm_medium"), FieldPanel("utm_content")]
        ),
    ]

    def __str__(self):
        return self.label

    def url(self):
        path = self.destination or (
            self.campaign.landing_page.url if self.campaign.landing_page_id else "/"
        )
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        target = urlsplit(path)
        params = {
            "utm_source": self.utm_source,
            "utm_medium": self.utm_medium,
            "utm_campaign": self.campaign.slug,
        }
        if self.utm_content:
            params["utm_content"] = self.utm_content
        query = "&".join(filter(None, [target.query, urlencode(params)]))
        return urlunsplit((base.scheme, base.netloc, target.path or "/", query, ""))

    def qr_url(self, kind):
        return reverse("wagtailsnippets_marketing_campaign:link_qr", args=[self.pk, kind])


class CampaignVisit(models.Model):
    """One session's arrival from a campaign (counted once per session and campaign)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    session_key = models.CharField(max_length=64)
    day = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "session_key"], name="one_visit_per_session"
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} on {self.day}"


class OrderAttribution(models.Model):
    """Where an order came from, copied from the visitor's touches when it was placed."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="attribution"
    )
    first_touch = models.JSONField(default=dict, blank=True)
    last_touch = models.JSONField(default=dict, blank=True)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    # A second signal: a code from a campaign's voucher set, whatever the visit's source.
    voucher_campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="voucher_orders"
    )
    newsletter = models.ForeignKey(
        "marketing.Newsletter",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Attribution of order {self.order_id}"
