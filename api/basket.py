"""/api/v1/basket/: the shopper's basket (the session's, or the signed-in user's), changed
through the shop's own rules: Oscar's add-to-basket and line forms (stock, basket limit,
per-line limits), the basket's refusal of a service without a time, and bookings' holds."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status
from oscar.core.loading import get_class, get_model

from bookings.holds import SlotUnavailable, hold_slot
from shop.basket.models import LineRefused
from shop.pricing import shown_price
from shop.totals import basket_breakdown
from throttling.limits import over_limit, rates_for

from .auth import require_csrf
from .errors import ApiError
from .schemas import CLIENT_ERRORS, ErrorOut, PriceOut, price_out

AddToBasketForm = get_class("basket.forms", "AddToBasketForm")
BasketLineForm = get_class("basket.forms", "BasketLineForm")
Applicator = get_class("offer.applicator", "Applicator")
Repository = get_class("shipping.repository", "Repository")
Product = get_model("catalogue", "Product")

router = Router(tags=["basket"])

WRITE_ERRORS = {**CLIENT_ERRORS, 403: ErrorOut, 409: ErrorOut}


class HeldTimeOut(Schema):
    reference: str
    service: str
    venue: str
    start: datetime
    end: datetime
    status: str
    hold_expires_at: datetime | None


class LineOut(Schema):
    id: int
    product_id: int | None
    title: str
    quantity: int
    unit_price: PriceOut | None
    held_time: HeldTimeOut | None


class RowOut(Schema):
    label: str
    amount: str
    quantity: int | None = None


class TotalsOut(Schema):
    """The rows add up to `total` (shop/totals.py): items, minus discounts, plus delivery,
    plus tax when prices are shown without it."""

    currency: str
    includes_tax: bool
    items: list[RowOut]
    discounts: list[RowOut]
    delivery: RowOut | None
    tax: str
    total: str


class ShippingMethodOut(Schema):
    code: str
    name: str
    charge: PriceOut | None


class BasketOut(Schema):
    id: int | None
    num_items: int
    lines: list[LineOut]
    shipping_required: bool
    shipping_methods: list[ShippingMethodOut]
    totals: TotalsOut


class AddLineIn(Schema):
    product_id: int = Field(..., ge=1, le=2_147_483_647)
    quantity: int = Field(1, ge=1, le=1000)


class HoldIn(Schema):
    service_id: int = Field(..., ge=1, le=2_147_483_647)
    start: datetime = Field(..., description="One of the starts the availability lists.")


class QuantityIn(Schema):
    quantity: int = Field(..., ge=0, le=1000, description="0 removes the line.")


def row_out(row):
    if row is None:
        return None
    return {"label": row.label, "amount": str(row.amount), "quantity": row.quantity}


def held_time(line):
    booking = getattr(line, "booking", None) if line.pk else None
    if booking is None:
        return None
    return {
        "reference": str(booking.reference),
        "service": booking.service_name,
        "venue": booking.venue.title,
        "start": booking.start,
        "end": booking.end,
        "status": booking.status,
        "hold_expires_at": booking.hold_expires_at,
    }


def shipping_methods(request, basket):
    if not basket.is_shipping_required():
        return []
    methods = Repository().get_shipping_methods(basket=basket, user=request.user, request=request)
    return [
        {
            "code": method.code,
            "name": str(method.name),
            "charge": price_out(shown_price(method.calculate(basket))),
        }
        for method in methods
    ]


def totals_out(totals) -> dict:
    return {
        "currency": totals.currency or settings.OSCAR_DEFAULT_CURRENCY,
        "includes_tax": totals.includes_tax,
        "items": [row_out(row) for row in totals.items],
        "discounts": [row_out(row) for row in totals.discounts],
        "delivery": row_out(totals.delivery),
        "tax": str(totals.tax),
        "total": str(totals.total),
    }


def basket_out(request) -> dict:
    basket = request.basket
    default = Repository().get_default_shipping_method(basket=basket, request=request)
    charge = default.calculate(basket) if basket.is_shipping_required() else None
    totals = basket_breakdown(basket, default, charge)
    return {
        "id": basket.id,
        "num_items": basket.num_items,
        "lines": [
            {
                "id": line.pk,
                "product_id": line.product_id,
                "title": str(line.product) if line.product_id else line.title,
                "quantity": line.quantity,
                "unit_price": price_out(shown_price(line.purchase_info.price)),
                "held_time": held_time(line),
            }
            for line in basket.all_lines()
        ],
        "shipping_required": basket.is_shipping_required(),
        "shipping_methods": shipping_methods(request, basket),
        "totals": totals_out(totals),
    }


def reapply_offers(request):
    """What Oscar's basket views do after a change: offers are worked out afresh."""
    basket = request.basket
    basket._lines = None
    basket.reset_offer_applications()
    Applicator().apply(basket, request.user, request)


def form_errors(form) -> dict:
    return {field: list(messages) for field, messages in form.errors.items()}


@router.get("/", response={200: BasketOut, **CLIENT_ERRORS})
def get_basket(request):
    return basket_out(request)


@router.post("/lines/", response={201: BasketOut, **WRITE_ERRORS})
def add_line(request, payload: AddLineIn):
    """Add a product. A bookable service needs a time: hold one with POST /basket/holds/."""
    require_csrf(request)
    product = Product.objects.filter(pk=payload.product_id, is_public=True).first()
    if product is None:
        raise ApiError(404, "No such product.")
    basket = request.basket
    form = AddToBasketForm(basket, product, {"quantity": payload.quantity})
    if not form.is_valid():
        raise ApiError(422, "This product cannot be added.", form_errors(form))
    try:
        basket.add_product(product, form.cleaned_data["quantity"], form.cleaned_options())
    except LineRefused as refusal:
        raise ApiError(422, str(refusal), {"product_id": [str(refusal)]}) from refusal
    reapply_offers(request)
    return Status(201, basket_out(request))


@router.post("/holds/", response={201: BasketOut, **WRITE_ERRORS})
def hold_time(request, payload: HoldIn):
    """Put a service in the basket at a free time and hold it (as the booking picker does)."""
    require_csrf(request)
    session_key = request.session.session_key or None
    if over_limit(request, "booking_hold", key=session_key):
        retry = min((rate.seconds for rate in rates_for("booking_hold")), default=60)
        raise ApiError(429, headers={"Retry-After": str(retry)})
    start = payload.start
    if timezone.is_naive(start):
        raise ApiError(422, "Give the start with its time zone.", {"start": ["No time zone."]})
    try:
        hold_slot(payload.service_id, start, request.basket, user=request.user)
    except SlotUnavailable as error:
        raise ApiError(409, str(error), {"start": [str(error)]}) from error
    reapply_offers(request)
    return Status(201, basket_out(request))


def own_line(request, line_id):
    """A line of this shopper's basket; anyone else's is 404."""
    basket = request.basket
    line = basket.lines.filter(pk=line_id).first() if basket.id else None
    if line is None:
        raise ApiError(404, "No such line in your basket.")
    return line


@router.patch("/lines/{int:line_id}/", response={200: BasketOut, **WRITE_ERRORS})
def change_line(request, line_id: int, payload: QuantityIn):
    require_csrf(request)
    line = own_line(request, line_id)
    if payload.quantity == 0:
        line.delete()
    else:
        form = BasketLineForm(request.strategy, {"quantity": payload.quantity}, instance=line)
        if not form.is_valid():
            raise ApiError(422, "This quantity cannot be had.", form_errors(form))
        form.save()
    reapply_offers(request)
    return basket_out(request)


@router.delete("/lines/{int:line_id}/", response={200: BasketOut, **WRITE_ERRORS})
def remove_line(request, line_id: int):
    require_csrf(request)
    own_line(request, line_id).delete()
    reapply_offers(request)
    return basket_out(request)
