"""Which orders, and which parts of them, a dashboard user may see.

Staff see whole orders, as in Oscar. Anyone else who opens the orders dashboard is a venue
provider: a member of their venue's partner. Oscar shows them every order holding one of their
lines, whole; here they see those orders only as far as their own partner's lines go, plus the
customer's name and phone, which serving a booking needs. Never the address, the email, the
payment, the discounts, the notes or another partner's lines.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from oscar.apps.dashboard.orders.views import queryset_orders_for_user
from oscar.core.loading import get_model

from shop import lines as line_handlers

Line = get_model("order", "Line")
Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")

# Order lines' money has two decimal places; sums on SQLite come back without them.
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class OrderScope:
    user: object
    # None: whole orders (staff); otherwise only these partners' lines.
    partner_ids: tuple[int, ...] | None

    @classmethod
    def for_user(cls, user):
        if user.is_staff:
            return cls(user, None)
        partner_ids = Partner.objects.filter(users=user).values_list("pk", flat=True)
        return cls(user, tuple(partner_ids))

    @property
    def is_partner_only(self):
        return self.partner_ids is not None

    def lines(self, queryset=None):
        queryset = Line.objects.all() if queryset is None else queryset
        if not self.is_partner_only:
            return queryset
        return queryset.filter(partner_id__in=self.partner_ids)

    def orders(self):
        """Orders to list and open; for a provider, each with its own lines and their totals."""
        if not self.is_partner_only:
            return queryset_orders_for_user(self.user)
        own = Q(lines__partner_id__in=self.partner_ids)
        # What line handlers hang off a line (a booking and its venue) comes in the same query.
        related = ("product", *line_handlers.order_line_related())
        own_lines = self.lines().select_related(*related).order_by("pk")
        return (
            Order.objects.filter(pk__in=self.lines().values("order_id"))
            .select_related("user", "shipping_address")
            .annotate(
                own_total_excl_tax=Sum("lines__line_price_excl_tax", filter=own),
                own_total_incl_tax=Sum("lines__line_price_incl_tax", filter=own),
                own_num_items=Sum("lines__quantity", filter=own),
            )
            .prefetch_related(Prefetch("lines", queryset=own_lines, to_attr="own_lines"))
        )

    def get_order(self, number):
        try:
            return self.orders().get(number=number)
        except Order.DoesNotExist:
            raise Http404("No such order") from None


@dataclass(frozen=True)
class ProviderOrder:
    """All of an order that its venue provider sees (from an order of `OrderScope.orders()`)."""

    number: str
    date_placed: datetime
    currency: str
    lines: list
    num_items: int
    total_excl_tax: Decimal
    total_incl_tax: Decimal
    customer_name: str
    customer_phone: str

    @classmethod
    def of(cls, order):
        address = order.shipping_address
        name = order.user.get_full_name() if order.user else ""
        return cls(
            number=order.number,
            date_placed=order.date_placed,
            currency=order.currency,
            lines=order.own_lines,
            num_items=order.own_num_items or 0,
            total_excl_tax=Decimal(order.own_total_excl_tax or 0).quantize(CENTS),
            total_incl_tax=Decimal(order.own_total_incl_tax or 0).quantize(CENTS),
            # Whoever comes to the appointment first: that is the person the provider meets.
            customer_name=order.booker_name or name or (address.name if address else ""),
            customer_phone=str(order.booker_phone or (address and address.phone_number) or ""),
        )

    @property
    def statuses(self):
        return sorted({line.status for line in self.lines})


def revenue(lines):
    """What the lines sold for, tax included."""
    total = lines.aggregate(total=Sum("line_price_incl_tax"))["total"]
    return Decimal(total or 0).quantize(CENTS)


def status_breakdown(lines):
    """How many of the lines are in each status, as Oscar's statistics list orders'."""
    return lines.order_by("status").values("status").annotate(freq=Count("id"))
