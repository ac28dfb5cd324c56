"""The site's URLs as a deployment with ANYMAIL_WEBHOOK_SECRET set serves them."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("anymail/", include("anymail.urls")), *site_urlpatterns]
