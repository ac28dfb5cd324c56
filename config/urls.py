from allauth.account.decorators import secure_admin_login
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.handover import StaffLoginHandoverView
from config import health, metrics
from core.views import robots_txt
from marketing.provider_webhooks import provider_webhook_urlpatterns
from shop.sitemaps import CategorySitemap, ProductSitemap

# /sitemap.xml: live public Wagtail pages, and the shop's public products and categories.
SITEMAPS = {"pages": PageSitemap, "products": ProductSitemap, "categories": CategorySitemap}

# Staff sign in through allauth too, so its rate limits and MFA apply to them.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("django-admin/", admin.site.urls),
    path("admin/login/", StaffLoginHandoverView.as_view(), name="wagtailadmin_login_handover"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
    path("search/", include("search.urls")),
    path("newsletter/", include("marketing.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("bookings/", include("bookings.urls")),
    path("reviews/", include("reviews.urls")),
    path("api/v1/", include("api.urls")),
]

# The email provider's bounce/complaint webhooks, only with a secret (otherwise anyone could
# suppress anyone) and only for the provider in use.
if settings.ANYMAIL.get("WEBHOOK_SECRET") and settings.ANYMAIL_WEBHOOK_PROVIDER:
    urlpatterns.append(
        path(
            "anymail/",
            include((provider_webhook_urlpatterns(settings.ANYMAIL_WEBHOOK_PROVIDER), "anymail")),
        )
    )

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's catch-all serves every other path, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
