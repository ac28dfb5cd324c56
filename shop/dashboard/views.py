"""Fork of Oscar's dashboard home: a venue provider's money figures are their own lines'.

Oscar sums the whole of every order holding a provider's line (revenue, average order, the
hourly chart), which tells them what other partners sold; here those figures count only the
lines of the provider's own partner, as the orders dashboard does (`orders/scope.py`).
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils.timezone import now
from oscar.apps.dashboard import views

from shop.dashboard.orders.scope import CENTS, OrderScope, revenue, status_breakdown


class IndexView(views.IndexView):
    def get_stats(self):
        stats = super().get_stats()
        scope = OrderScope.for_user(self.request.user)
        if scope.is_partner_only:
            stats.update(self.own_line_figures(scope.lines()))
        return stats

    def own_line_figures(self, lines):
        last_day = lines.filter(order__date_placed__gt=now() - timedelta(hours=24))
        orders_last_day = last_day.values("order_id").distinct().count()
        revenue_last_day = revenue(last_day)
        # Oscar's hourly chart sums orders' `total_incl_tax` by `date_placed`: give it lines.
        priced_lines = lines.annotate(
            date_placed=F("order__date_placed"), total_incl_tax=F("line_price_incl_tax")
        )
        return {
            "total_revenue_last_day": revenue_last_day,
            "average_order_costs": (
                (revenue_last_day / orders_last_day).quantize(CENTS)
                if orders_last_day
                else Decimal("0.00")
            ),
            "total_revenue": revenue(lines),
            "hourly_report_dict": self.get_hourly_report(priced_lines),
            "order_status_breakdown": status_breakdown(lines),
        }
