"""The campaign the shop's front page shows: the newest running one with a live landing page."""

from django.db.models import Q
from django.utils import timezone

from shop.front import Campaign as ShopCampaign

from .models import Campaign


def current_campaign() -> ShopCampaign | None:
    today = timezone.localdate()
    campaign = (
        Campaign.objects.filter(starts_on__lte=today, landing_page__live=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("landing_page")
        .order_by("-starts_on", "-pk")
        .first()
    )
    if campaign is None:
        return None
    return campaign_banner(campaign)


def campaign_banner(campaign) -> ShopCampaign | None:
    """What a banner shows of a campaign: its live landing page's title, link and summary."""
    page = campaign.landing_page
    if page is None or not page.live:
        return None
    return ShopCampaign(title=page.title, url=page.url, summary=page.search_description)
