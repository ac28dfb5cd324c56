"""Checkout: Stripe Elements when Stripe is configured, otherwise a labelled demo payment."""

import logging
from functools import partial

import stripe
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import FormView
from oscar.apps.checkout import views as core
from oscar.apps.checkout.exceptions import FailedPreCondition, PassedSkipCondition
from oscar.apps.checkout.session import CheckoutSessionMixin
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from accounts.handover import allauth_url
from outbox.delivery import run_in_transaction
from shop import lines
from shop.basket.models import BasketAlreadySubmitted
from shop.checkout import steps
from shop.checkout.demo_payment import DEMO_PAYMENT, demo_reference, demo_source
from shop.checkout.forms import BookerDetailsForm, GatewayForm
from shop.checkout.mixins import OrderPlacementMixin
from shop.checkout.placement import place_order_for_intent, snapshot_checkout
from shop.checkout.utils import CheckoutSessionData
from shop.order.utils import lock_and_check_stock
from shop.payment import stripe_gateway

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
StripePaymentIntent = get_model("payment", "StripePaymentIntent")


# Oscar's checkout views, unchanged, loaded from here because the app is forked.
UserAddressUpdateView = core.UserAddressUpdateView
UserAddressDeleteView = core.UserAddressDeleteView
PaymentMethodView = core.PaymentMethodView


class StepBarMixin:
    """Puts the steps this basket goes through, with the current one, in the context."""

    checkout_step = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checkout_steps"] = steps.step_bar(self.request.basket, self.checkout_step)
        return context


class BookerDetailsMixin:
    """Pre-condition and submission data for the booker of the basket's appointments."""

    def check_booker_details_are_captured(self, request):
        if steps.needs_booker_details(request.basket) and not (
            self.checkout_session.is_booker_details_set()
        ):
            raise FailedPreCondition(
                url=reverse("checkout:booker-details"),
                message="Please tell us who is coming to the appointment.",
            )

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        if steps.needs_booker_details(submission["basket"]):
            name, phone = self.checkout_session.get_booker_details()
            submission["order_kwargs"].setdefault("booker_name", name or "")
            submission["order_kwargs"].setdefault("booker_phone", phone or "")
        return submission


class BookerDetailsView(StepBarMixin, CheckoutSessionMixin, FormView):
    """Your details: the name and phone number of whoever comes to the appointment."""

    template_name = "oscar/checkout/booker_details.html"
    form_class = BookerDetailsForm
    checkout_step = steps.DETAILS.key
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
    ]
    skip_conditions = ["skip_unless_basket_has_appointments"]
    success_url = reverse_lazy("checkout:shipping-address")

    def skip_unless_basket_has_appointments(self, request):
        if not steps.needs_booker_details(request.basket):
            raise PassedSkipCondition(url=reverse("checkout:shipping-address"))

    def get_initial(self):
        name, phone = self.checkout_session.get_booker_details()
        user = self.request.user
        if not name and user.is_authenticated:
            name = user.get_full_name()
        return {"name": name, "phone": phone}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["appointment_lines"] = steps.appointment_lines(self.request.basket)
        return context

    def form_valid(self, form):
        phone = form.cleaned_data["phone"]
        self.checkout_session.set_booker_details(form.cleaned_data["name"], phone.as_e164)
        return super().form_valid(form)


class ShippingAddressView(StepBarMixin, BookerDetailsMixin, core.ShippingAddressView):
    """Oscar's first step after the gateway; appointments go to "Your details" before it."""

    checkout_step = steps.SHIPPING_ADDRESS.key
    skip_conditions = ["skip_to_booker_details_first", *core.ShippingAddressView.skip_conditions]
    pre_conditions = [*core.ShippingAddressView.pre_conditions, "check_booker_details_are_captured"]

    def skip_to_booker_details_first(self, request):
        if steps.needs_booker_details(request.basket) and not (
            self.checkout_session.is_booker_details_set()
        ):
            raise PassedSkipCondition(url=reverse("checkout:booker-details"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A mixed basket: say which items are delivered and which are appointments.
        context["shipped_lines"] = steps.shipped_lines(self.request.basket)
        context["appointment_lines"] = steps.appointment_lines(self.request.basket)
        return context


class ShippingMethodView(StepBarMixin, core.ShippingMethodView):
    checkout_step = steps.SHIPPING_METHOD.key


class IndexView(StepBarMixin, core.IndexView):
    """The gateway: guests go on as before; returning customers sign in through allauth
    (verification, rate limits, MFA) and come back here, where Oscar sends them onwards."""

    # Starting checkout keeps the basket's booked slots held for another hold period.
    pre_conditions = [*core.IndexView.pre_conditions, "check_basket_lines_are_held"]

    def post(self, request, *args, **kwargs):
        if request.POST.get("options") == GatewayForm.EXISTING:
            checkout_url = reverse("checkout:index")
            return redirect(allauth_url(request, "account_login", next_url=checkout_url))
        return super().post(request, *args, **kwargs)

    def check_basket_lines_are_held(self, request):
        problems = lines.hold_basket(request.basket)
        if problems:
            raise FailedPreCondition(url=reverse("basket:summary"), messages=problems)


class ThankYouView(core.ThankYouView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object is not None and self.object.user_id is None:
            # Oscar's guest order page asks for the order's email unless the session has it:
            # the guest who just placed the order follows its link without retyping it.
            request.session["anon_order_email"] = self.object.email
        return response

    def get_object(self, queryset=None):
        order = super().get_object(queryset)
        if order is None:
            return None
        # The summary shows every line with its image, payment and totals: fetch them together.
        return (
            type(order)
            .objects.select_related("shipping_address__country", "user")
            .prefetch_related(
                # Product classes too: each line's handler asks whether it is a service.
                "lines__product__product_class",
                "lines__product__images",
                "lines__attributes",
                "sources__source_type",
                "discounts",
                "surcharges",
            )
            .get(pk=order.pk)
        )


class PaymentDetailsView(StepBarMixin, BookerDetailsMixin, core.PaymentDetailsView):
    """The preview page takes the payment: there are no card details for us to collect.

    "Place order" is idempotent: submissions of one basket run one at a time, holding its row
    lock, and a submission whose basket already produced an order is sent to that order's
    thank-you page instead of placing (or failing to place) another.
    """

    checkout_step = steps.REVIEW.key
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_booker_details_are_captured",
        "check_shipping_data_is_captured",
    ]

    def dispatch(self, request, *args, **kwargs):
        if not self.is_order_submission(request):
            return super().dispatch(request, *args, **kwargs)
        # One transaction, so the basket lock taken by skip_when_order_is_placed lasts until
        # this submission's order (if any) is committed.
        return run_in_transaction(partial(super().dispatch, request, *args, **kwargs))

    def is_order_submission(self, request):
        return (
            self.preview
            and request.method == "POST"
            and request.POST.get("action") == "place_order"
        )

    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        self.checkout_session.set_reviewed_basket(request.basket)
        return super().get(request, *args, **kwargs)

    def get_skip_conditions(self, request):
        conditions = super().get_skip_conditions(request)
        if self.is_order_submission(request):
            # First of all: checks of the basket mean nothing once it became an order.
            conditions = ["skip_when_order_is_placed", *conditions]
        return conditions

    def skip_when_order_is_placed(self, request):
        order = self.order_from_this_checkout(request)
        if order is not None:
            logger.info("Order %s: submitted again; showing its confirmation", order.number)
            self.checkout_session.flush()
            request.session["checkout_order_id"] = order.pk
            raise PassedSkipCondition(url=self.get_success_url())

    def order_from_this_checkout(self, request):
        """The order this checkout already produced, waiting for a submission in progress."""
        basket_ids = {
            request.basket.id,
            self.checkout_session.get_reviewed_basket_id(),
            self.checkout_session.get_submitted_basket_id(),
        } - {None}
        Basket.objects.filter(pk__in=basket_ids).lock()
        order = Order.objects.filter(basket_id__in=basket_ids).order_by("-pk").first()
        if order is None and request.basket.is_empty:
            # Nothing left to order: a resubmitted form of the order this session just placed.
            order = Order.objects.filter(pk=request.session.get("checkout_order_id")).first()
        return order

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stripe_enabled"] = stripe_gateway.is_configured()
        context["demo_payment_label"] = DEMO_PAYMENT
        if context["stripe_enabled"]:
            total = context.get("order_total")
            context["stripe_publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY
            if total is not None:
                context["stripe_amount"] = stripe_gateway.to_minor_units(
                    total.incl_tax, total.currency
                )
                context["stripe_currency"] = total.currency.lower()
        return context

    def handle_place_order_submission(self, request):
        if stripe_gateway.is_configured():
            # Card payments are confirmed in the browser and placed by StripeReturnView.
            return HttpResponseBadRequest("Pay with the card form on this page.")
        return super().handle_place_order_submission(request)

    def handle_payment(self, order_number, total, **kwargs):
        """The demo method: recorded like a payment, but nothing is charged."""
        reference = demo_reference(order_number)
        self.add_payment_source(demo_source(total.currency, total.incl_tax, reference))
        self.add_payment_event("Paid", total.incl_tax, reference=reference)


# The intent id of a record whose intent Stripe has not created yet.
UNCREATED_INTENT = "uncreated-"


class StripePrepareView(BookerDetailsMixin, OrderPlacementMixin, View):
    """Freezes the basket and creates (or reuses) its PaymentIntent for Stripe Elements."""

    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_booker_details_are_captured",
        "check_shipping_data_is_captured",
    ]

    def post(self, request, *args, **kwargs):
        if not stripe_gateway.is_configured():
            raise Http404("Card payments are not enabled")
        basket = request.basket
        submission = self.build_submission(basket=basket)
        total = submission["order_total"]
        try:
            with transaction.atomic():
                lock_and_check_stock(basket)
                lines.hold_basket_or_refuse(basket)
        except UnableToPlaceOrder as error:
            return JsonResponse({"error": str(error)}, status=409)
        try:
            intent, order_number = self.intent_for(basket, total, submission)
        except stripe.StripeError:
            logger.exception("Stripe refused to start payment for basket %s", basket.pk)
            return JsonResponse(
                {"error": "We could not start the payment. Nothing was charged; please try again."},
                status=502,
            )
        if intent is None:
            return JsonResponse({"error": "This order has already been paid for."}, status=409)
        try:
            self.freeze_basket(basket)
        except BasketAlreadySubmitted:  # its payment succeeded meanwhile
            return JsonResponse({"error": "This order has already been paid for."}, status=409)
        self.checkout_session.set_submitted_basket(basket)
        self.checkout_session.set_order_number(order_number)
        return JsonResponse(
            {
                "client_secret": intent.client_secret,
                "return_url": request.build_absolute_uri(reverse("checkout:stripe-return")),
            }
        )

    def intent_for(self, basket, total, submission):
        """The basket's live PaymentIntent, created or brought up to date; None if paid.

        The basket's row lock is held only to choose (or reserve) the basket's one live
        intent record, so a double click cannot start two payments; Stripe is asked after
        that commits."""
        checkout = snapshot_checkout(submission)
        with transaction.atomic():
            Basket.objects.select_for_update().filter(pk=basket.pk).first()
            attempts = list(StripePaymentIntent.objects.filter(basket=basket).order_by("created"))
            live = next((a for a in attempts if a.status not in a.GIVEN_UP), None)
            if live and live.order_id:
                return None, live.order_number
            if live is None:
                live = self.reserve_intent(basket, total, checkout, attempt=len(attempts) + 1)
                amount_changed = False
            else:
                amount_changed = live.amount != total.incl_tax
                live.amount, live.checkout = total.incl_tax, checkout
                live.status = StripePaymentIntent.Status.PENDING
                live.save(update_fields=["amount", "checkout", "status", "updated"])
        return self.sync_intent(live, amount_changed), live.order_number

    def reserve_intent(self, basket, total, checkout, attempt):
        # A basket whose earlier payment was refunded pays again under a new order number.
        order_number = str(self.generate_order_number(basket))
        if attempt > 1:
            order_number = f"{order_number}-{attempt}"
        return StripePaymentIntent.objects.create(
            intent_id=f"{UNCREATED_INTENT}{order_number}",
            basket=basket,
            order_number=order_number,
            amount=total.incl_tax,
            currency=total.currency,
            checkout=checkout,
        )

    def sync_intent(self, record, amount_changed):
        """Create the record's intent at Stripe, or bring its amount up to date."""
        if record.intent_id.startswith(UNCREATED_INTENT):
            intent = stripe_gateway.create_intent(
                order_number=record.order_number,
                amount=record.amount,
                currency=record.currency,
                email=record.checkout["email"],
                basket_id=record.basket_id,
            )
            reserved = StripePaymentIntent.objects.filter(pk=record.pk, intent_id=record.intent_id)
            if reserved.update(intent_id=intent.id):
                return intent
            # A twin request's intent was recorded first: that is the one to pay.
            record.refresh_from_db()
            amount_changed = True
        if amount_changed:
            return stripe_gateway.update_intent_amount(
                record.intent_id, amount=record.amount, currency=record.currency
            )
        return stripe_gateway.retrieve_intent(record.intent_id)


class StripeCancelView(OrderPlacementMixin, View):
    """The browser reports a declined or abandoned card payment: give the basket back."""

    def post(self, request, *args, **kwargs):
        self.restore_frozen_basket()
        return JsonResponse({"status": "restored"})


def shopper_owns(request, record):
    session_basket = CheckoutSessionData(request).get_submitted_basket_id()
    user_id = request.user.pk if request.user.is_authenticated else None
    return (
        record.basket_id == session_basket
        # Coming back again after the order was placed (a reload, a second tab).
        or (record.order_id is not None and record.order_id == placed_order_id(request))
        or (user_id is not None and record.checkout.get("user_id") == user_id)
    )


def placed_order_id(request):
    return request.session.get("checkout_order_id")


class StripeReturnView(View):
    """Where Stripe sends the shopper back (after 3-D Secure too): confirm, then place."""

    def get(self, request, *args, **kwargs):
        record = get_object_or_404(
            StripePaymentIntent, intent_id=request.GET.get("payment_intent", "")
        )
        if not shopper_owns(request, record):
            raise Http404("No such payment")
        try:
            intent = stripe_gateway.retrieve_intent(record.intent_id)
        except stripe.StripeError:
            logger.exception("Could not read payment %s back from Stripe", record.intent_id)
            return render(request, "oscar/checkout/payment_processing.html", {"record": record})
        if intent.status == "succeeded":
            order = run_in_transaction(lambda: place_order_for_intent(intent))
            if order is None:
                messages.error(
                    request,
                    "Sorry, we could not complete your order (an item sold out as you paid). "
                    "Your payment is being refunded in full.",
                )
                return redirect("basket:summary")
            CheckoutSessionData(request).flush()
            request.session["checkout_order_id"] = order.pk
            return redirect("checkout:thank-you")
        if intent.status == "processing":
            return render(request, "oscar/checkout/payment_processing.html", {"record": record})
        record.thaw_basket()
        error = getattr(intent, "last_payment_error", None)
        messages.error(
            request,
            f"Your payment was not completed{': ' + error.message if error else '.'} "
            "Nothing was charged; please try again.",
        )
        return redirect("checkout:preview")
