"""Fork of `oscar.config.Shop`: Oscar lives under /shop/ and Wagtail owns the home page."""

import oscar.config
from django.contrib.auth.decorators import login_required
from django.urls import path
from oscar.views.decorators import permissions_required


class Shop(oscar.config.Shop):
    def get_urls(self):
        from accounts.handover import StaffLoginHandoverView, handover
        from shop.payment.webhooks import stripe_webhook
        from shop.views import CancelOrderView, RefundOrderView, ServicesView, ShopFrontView

        # Oscar's "" pattern named "home" redirects to the catalogue; "/" is Wagtail's and
        # "/shop/" is our shop front.
        oscar_urls = [
            pattern for pattern in super().get_urls() if getattr(pattern, "name", None) != "home"
        ]
        return [
            path("", ShopFrontView.as_view(), name="shop-front"),
            path("services/", ServicesView.as_view(), name="shop-services"),
            # Signing in and resetting passwords happen in allauth only (accounts/handover.py).
            path("dashboard/login/", StaffLoginHandoverView.as_view()),
            path("password-reset/", handover("account_reset_password"), name="password-reset"),
            path(
                "password-reset/confirm/<str:uidb64>/<str:token>/",
                handover("account_reset_password"),
                name="password-reset-confirm",
            ),
            path("stripe/webhook/", stripe_webhook, name="stripe-webhook"),
            path(
                "orders/<str:number>/cancel/",
                login_required(CancelOrderView.as_view()),
                name="order-cancel",
            ),
            path(
                "orders/<str:number>/cancel/<str:hash>/",
                CancelOrderView.as_view(),
                name="anon-order-cancel",
            ),
            path(
                "dashboard/orders/<str:number>/refund/",
                permissions_required(["is_staff", "order.change_order"])(RefundOrderView.as_view()),
                name="order-refund",
            ),
            *oscar_urls,
        ]
