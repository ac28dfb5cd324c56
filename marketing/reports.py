"""Report figures for a newsletter and for a campaign, each in a fixed number of queries."""

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from oscar.core.loading import get_model

from shop.money import round_money

from .models import CampaignVisit, Delivery, OrderAttribution

ZERO = Decimal("0.00")


def money(total) -> Decimal:
    """A database sum as money: SQLite's sums of decimals come back with a dozen places."""
    return round_money(Decimal(total or 0))


def newsletter_report(newsletter):
    Status = Delivery.Status
    figures = newsletter.deliveries.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Status.SENT)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        unknown=Count("pk", filter=Q(status=Status.UNKNOWN)),
        skipped=Count("pk", filter=Q(status=Status.SKIPPED)),
        waiting=Count(
            "pk", filter=Q(status__in=[Status.PENDING, Status.QUEUED, Status.SENDING, Status.HELD])
        ),
        opens=Count("pk", filter=Q(opened_at__isnull=False)),
        clicks=Count("pk", filter=Q(clicked_at__isnull=False)),
        unsubscribes=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        bounces=Count("pk", filter=Q(bounced_at__isnull=False)),
    )
    figures["delivered"] = figures["sent"] - figures["bounces"]
    orders = OrderAttribution.objects.filter(newsletter=newsletter).aggregate(
        orders=Count("pk"), revenue=Sum("order__total_incl_tax")
    )
    figures["orders"] = orders["orders"]
    figures["revenue"] = money(orders["revenue"])
    figures["done"] = figures["total"] - figures["waiting"]
    figures["percent_done"] = (
        round(100 * figures["done"] / figures["total"]) if figures["total"] else 0
    )
    return figures


@dataclass
class CampaignReport:
    campaign: object
    sessions: int = 0
    orders: int = 0
    revenue: Decimal = ZERO
    discount_cost: Decimal = ZERO
    days: list = field(default_factory=list)

    @property
    def conversion_rate(self):
        return (
            (Decimal(self.orders) * 100 / self.sessions).quantize(Decimal("0.1"))
            if self.sessions
            else None
        )

    @property
    def budget_use(self):
        """Discounts given away as a share of the budget."""
        budget = self.campaign.budget
        return (self.discount_cost * 100 / budget).quantize(Decimal("0.1")) if budget else None

    def csv(self):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["day", "sessions", "orders", "revenue", "discount_cost"])
        for day in self.days:
            writer.writerow(
                [
                    day["day"].isoformat(),
                    day["sessions"],
                    day["orders"],
                    day["revenue"],
                    day["discount_cost"],
                ]
            )
        return out.getvalue()


def campaign_orders(campaign):
    """Orders this campaign brought: by the visit's last touch or by one of its voucher codes."""
    Order = get_model("order", "Order")
    return Order.objects.filter(
        Q(attribution__campaign=campaign) | Q(attribution__voucher_campaign=campaign)
    ).distinct()


def campaign_report(campaign):
    OrderDiscount = get_model("order", "OrderDiscount")
    orders = campaign_orders(campaign)
    report = CampaignReport(campaign)
    report.sessions = CampaignVisit.objects.filter(campaign=campaign).count()
    totals = (
        get_model("order", "Order")
        .objects.filter(pk__in=orders.values("pk"))
        .aggregate(orders=Count("pk"), revenue=Sum("total_incl_tax"))
    )
    report.orders, report.revenue = totals["orders"], money(totals["revenue"])
    report.discount_cost = money(
        OrderDiscount.objects.filter(order__in=orders.values("pk")).aggregate(total=Sum("amount"))[
            "total"
        ]
    )
    visits = dict(
        CampaignVisit.objects.filter(campaign=campaign)
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_day = {
        row["day"]: row
        for row in get_model("order", "Order")
        .objects.filter(pk__in=orders.values("pk"))
        .annotate(day=TruncDate("date_placed"))
        .values("day")
        .annotate(orders=Count("pk"), revenue=Sum("total_incl_tax"))
        .order_by()
    }
    discounts = dict(
        OrderDiscount.objects.filter(order__in=orders.values("pk"))
        .annotate(day=TruncDate("order__date_placed"))
        .values_list("day")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    all_days = sorted(set(visits) | set(by_day))
    if all_days:
        day, last = all_days[0], all_days[-1]
        while day <= last:
            report.days.append(
                {
                    "day": day,
                    "sessions": visits.get(day, 0),
                    "orders": by_day.get(day, {}).get("orders", 0),
                    "revenue": money(by_day.get(day, {}).get("revenue")),
                    "discount_cost": money(discounts.get(day)),
                }
            )
            day += timedelta(days=1)
    return report
