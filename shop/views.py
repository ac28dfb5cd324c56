"""Shop views of our own: the shop front, the services listing, customer cancellation and
the dashboard's refund form."""

from decimal import Decimal

import stripe
from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView
from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_model

from shop import front
from shop.money import format_money
from shop.order.refunds import CannotCancel, RefundError, cancel_order, refund_order
from shop.products import product_cards
from shop.tasks import order_status_path

Order = get_model("order", "Order")


class CancelOrderView(View):
    """POST only. Owners cancel from their account; guests through their email's signed link."""

    def post(self, request, number, hash=None):
        order = self.get_order(request, number, hash)
        try:
            cancel_order(order)
        except CannotCancel as error:
            messages.error(request, str(error))
        except PaymentError:
            messages.error(request, "We could not reach our payment provider; please try again.")
        else:
            messages.success(
                request, f"Order {order.number} is cancelled. Any payment is being refunded."
            )
        return redirect(self.order_url(request, order, hash))

    def get_order(self, request, number, hash):
        if hash is not None:
            order = get_object_or_404(Order, number=number, user=None)
            if not order.check_verification_hash(hash):
                raise Http404("No such order")
            return order
        if not request.user.is_authenticated:
            raise Http404("No such order")
        return get_object_or_404(Order, number=number, user=request.user)

    def order_url(self, request, order, hash):
        return order_status_path(order)


class RefundForm(forms.Form):
    amount = forms.DecimalField(min_value=Decimal("0.01"), decimal_places=2, max_digits=12)


class RefundOrderView(View):
    """Staff refund, full or partial, from the dashboard's order page."""

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        form = RefundForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Enter a refund amount, like 12.50.")
        else:
            try:
                refunded = refund_order(
                    order, form.cleaned_data["amount"], requested_by=request.user
                )
            except RefundError as error:
                messages.error(request, str(error))
            except stripe.StripeError:
                messages.error(request, "Stripe did not accept the refund; nothing was recorded.")
            else:
                messages.success(request, f"Refunded {format_money(refunded, order.currency)}.")
        return redirect("dashboard:order-detail", number=order.number)


class ShopFrontView(TemplateView):
    """/shop/: categories, featured and new products, the current campaign, the services."""

    template_name = "shop/front.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=front.top_categories(),
            featured_cards=product_cards(front.featured_products(), self.request),
            new_cards=product_cards(front.new_products(), self.request),
            campaign=front.current_campaign(),
            **kwargs,
        )


class ServicesView(TemplateView):
    """Treatments & experiences: every bookable service, under the venue that offers it."""

    template_name = "shop/services.html"

    def get_context_data(self, **kwargs):
        groups = [
            (seller, product_cards(products, self.request))
            for seller, products in front.services_by_seller()
        ]
        return super().get_context_data(groups=groups, **kwargs)
