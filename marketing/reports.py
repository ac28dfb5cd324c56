"""Report figures for a newsletter and for a campaign, each in a fixed number of queries."""

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from oscar.core.loading import get_model

from .models import CampaignVisit, Delivery, OrderAttribution

ZERO = Decimal("0.00")


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
    figures["revenue"] = orders["revenue"] or ZERO
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
    report.orders, report.revenue = totals["orders"], totals["revenue"] or ZERO
    report.discount_cost = (
        OrderDiscount.objects.filter(order__in=orders.values("pk")).aggregate(total=Sum("amount"))[
            "total"
        ]
        or ZERO
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
                    "revenue": by_day.get(day, {}).get("revenue") or ZERO,
                    "discount_cost": discounts.get(day) or ZERO,
                }
            )
            day += timedelta(days=1)
    return report


def bar_chart(days, key, *, width=640, height=160):
    """An SVG bar chart (server-rendered: no script or build step needed)."""
    values = [float(day[key]) for day in days]
    if not values:
        return {"bars": [], "width": width, "height": height, "max": 0}
    top = max(values) or 1
    bar = width / len(values)
    return {
        "width": width,
        "height": height,
        "max": max(values),
        "bars": [
            {
                "x": round(index * bar, 1),
                "w": round(max(bar - 2, 1), 1),
                "h": round(value / top * (height - 20), 1),
                "y": round(height - value / top * (height - 20), 1),
                "label": f"{days[index]['day']:%d %b}: {day_value(value)}",
            }
            for index, value in enumerate(values)
        ],
    }


def day_value(value):
    return int(value) if float(value).is_integer() else f"{value:.2f}"
