from .campaigns import Campaign, CampaignVisit, OrderAttribution, TrackedLink
from .newsletters import Click, Delivery, Newsletter
from .subscribers import MailingList, Subscriber

__all__ = [
    "Campaign",
    "CampaignVisit",
    "Click",
    "Delivery",
    "MailingList",
    "Newsletter",
    "OrderAttribution",
    "Subscriber",
    "TrackedLink",
]
