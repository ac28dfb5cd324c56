"""/api/v1/orders/: the signed-in customer's orders with the breakdown their pages and emails
show (shop/totals.py); anyone else's order is 404."""

from datetime import datetime

from ninja import Query, Router, Schema
from oscar.core.loading import get_model

from shop.totals import order_breakdown

from .basket import TotalsOut, totals_out
from .errors import ApiError
from .pagination import PageParams, paginate
from .schemas import CLIENT_ERRORS, ErrorOut

Order = get_model("order", "Order")

router = Router(tags=["orders"])

ERRORS = {**CLIENT_ERRORS, 401: ErrorOut}


class OrderLineOut(Schema):
    title: str
    quantity: int


class OrderOut(Schema):
    number: str
    status: str
    placed_at: datetime
    lines: list[OrderLineOut]
    totals: TotalsOut


class OrderPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[OrderOut]


def customers_orders(request):
    if not request.user.is_authenticated:
        raise ApiError(401)
    return (
        Order.objects.filter(user=request.user)
        .prefetch_related("lines", "discounts")
        .order_by("-date_placed", "-pk")
    )


def order_out(order) -> dict:
    return {
        "number": order.number,
        "status": order.status,
        "placed_at": order.date_placed,
        "lines": [{"title": line.title, "quantity": line.quantity} for line in order.lines.all()],
        "totals": totals_out(order_breakdown(order)),
    }


@router.get("/", response={200: OrderPage, **ERRORS})
def my_orders(request, params: Query[PageParams]):
    page = paginate(request, customers_orders(request), params)
    page["results"] = [order_out(order) for order in page["results"]]
    return page


@router.get("/{number}/", response={200: OrderOut, **ERRORS})
def get_order(request, number: str):
    order = customers_orders(request).filter(number=number).first()
    if order is None:
        raise ApiError(404, "No such order.")
    return order_out(order)
