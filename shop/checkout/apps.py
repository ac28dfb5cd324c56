import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "shop.checkout"

    def ready(self):
        super().ready()
        self.booker_details_view = get_class("checkout.views", "BookerDetailsView")
        self.stripe_prepare_view = get_class("checkout.views", "StripePrepareView")
        self.stripe_cancel_view = get_class("checkout.views", "StripeCancelView")
        self.stripe_return_view = get_class("checkout.views", "StripeReturnView")

    def get_urls(self):
        stripe_urls = [
            path("details/", self.booker_details_view.as_view(), name="booker-details"),
            path("stripe/prepare/", self.stripe_prepare_view.as_view(), name="stripe-prepare"),
            path("stripe/cancel/", self.stripe_cancel_view.as_view(), name="stripe-cancel"),
            path("stripe/return/", self.stripe_return_view.as_view(), name="stripe-return"),
        ]
        return super().get_urls() + self.post_process_urls(stripe_urls)
