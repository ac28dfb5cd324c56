"""The site's URLs as a deployment with ANYMAIL_WEBHOOK_SECRET set and Postmark as its
email provider (ANYMAIL_WEBHOOK_PROVIDER=postmark) serves them."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from marketing.provider_webhooks import provider_webhook_urlpatterns

urlpatterns = [
    path("anymail/", include((provider_webhook_urlpatterns("postmark"), "anymail"))),
    *site_urlpatterns,
]
