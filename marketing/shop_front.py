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
    page = campaign.landing_page
    return ShopCampaign(title=page.title, url=page.url, summary=page.search_description)
