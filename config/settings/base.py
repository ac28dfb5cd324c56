"""Settings shared by every environment.

Every secret and endpoint comes from the environment (see the README's configuration table);
with nothing set the site runs on SQLite, in-process tasks, local media and the database
search engine.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django_guid.integrations import CeleryIntegration
from oscar.defaults import *  # noqa: F403 (Oscar's documented way to take its defaults)

from config.cache_settings import code_fingerprint, redis_cache
from config.csp import origin_of

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = env("SITE_NAME", default="Harbour & Hearth")
SITE_ID = 1

INSTALLED_APPS = [
    # Our apps come first so their templates override Oscar's and Wagtail's.
    "core",
    "api",
    "home",
    "blog",
    "venues",
    "bookings",
    "reviews",
    "shop",
    "marketing",
    "accounts",
    "outbox",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Oscar; apps under shop/ and `search` are our forks (same labels as Oscar's).
    "shop.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shop.shipping.apps.ShippingConfig",
    "shop.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.partner.apps.PartnerConfig",
    "shop.basket.apps.BasketConfig",
    "shop.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "shop.order.apps.OrderConfig",
    "shop.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "shop.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",  # Oscar imports it; our engines do the searching.
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.apple",
    # Operations
    "django_guid",
    "safe_input",
    # The versioned API (/api/v1/): django-ninja serves its Swagger UI from our static files,
    # Wagtail's API v2 (content) runs on Django REST framework.
    "ninja",
    "rest_framework",
    "corsheaders",
    "csp",
]

MIDDLEWARE = [
    # Outermost, so the latency and status it records are what the client saw.
    "config.metrics.RequestMetricsMiddleware",
    # Before django-guid reads it: an unsafe X-Request-ID is replaced, never logged.
    "safe_input.middleware.SafeRequestIdMiddleware",
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside CSP, CSRF and sessions: a hit replays their headers with fresh nonce and tokens.
    "core.page_cache.PageCacheMiddleware",
    "config.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers other origins' preflights for /api/v1/ before anything else looks at them.
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions, attribution and the basket store anything from the request.
    "safe_input.middleware.RejectControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "shop.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "marketing.attribution.AttributionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                # Not Oscar's `search_form`: the site searches through `search/` (header box,
                # /search/, catalogue), and that form, bound to every page's query string, put
                # the shop's sort options on Wagtail's admin listings.
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                "core.context_processors.site_chrome",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite file unless DATABASE_URL is set (postgres://... uses psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Cache and Celery broker: Redis when REDIS_URL is set, otherwise in-process.
REDIS_URL = env("REDIS_URL", default="")
# Seconds a cache call may wait for Redis (connecting, then answering) before it is skipped.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
# After this many failed Redis cache calls in a row, the cache (sessions, rate limits) skips
# Redis for the cool-down, then tries it again: a hanging Redis cannot slow every page.
CACHE_CIRCUIT_FAILURES = env.int("CACHE_CIRCUIT_FAILURES", default=3)
CACHE_CIRCUIT_COOLDOWN_SECONDS = env.float("CACHE_CIRCUIT_COOLDOWN_SECONDS", default=30)
if REDIS_URL:
    CACHES = {
        "default": redis_cache(
            REDIS_URL,
            key_prefix=env("CACHE_KEY_PREFIX", default="site"),
            socket_timeout=CACHE_SOCKET_TIMEOUT,
            ignore_exceptions=env.bool("CACHE_IGNORE_EXCEPTIONS", default=True),
        )
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# The longest a venue card's cached "next free time" lives (changes drop it sooner).
NEXT_FREE_CACHE_SECONDS = env.int("NEXT_FREE_CACHE_SECONDS", default=600)
DJANGO_REDIS_LOGGER = "config.cache"
# Sessions live in the database and are read through the cache: with Redis down they still work.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Anonymous full-page cache (core/page_cache.py): how long a page is kept (0: off), how long a
# CDN in front may keep a page that has nothing per visitor (s-maxage), and the deploy version
# in every key (by default the release name, else a fingerprint of the code and templates).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=120)
PAGE_CACHE_CDN_SECONDS = env.int("PAGE_CACHE_CDN_SECONDS", default=60)
PAGE_CACHE_VERSION = (
    env("PAGE_CACHE_VERSION", default="")
    or env("SENTRY_RELEASE", default="")
    or code_fingerprint(BASE_DIR)
)

# allauth's backend only (it extends ModelBackend, so permissions work as usual): a password is
# checked nowhere but in allauth's flow, and Oscar's EmailBackend is not used.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# allauth: the only way in. Email-only accounts with verified addresses; every sign-in path
# (Oscar's, the checkout's, Wagtail's and Django's admin) hands over to allauth's flow, so its
# rate limits, verification and MFA apply to everyone.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# One address per account; a change is verified before it replaces the old one.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# The reset link proves the address: whoever sets a password with it (an invited venue provider
# choosing their first one, too) is signed in and taken on, not left at "password changed".
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Counted in the default cache (Redis in production, so every web process shares the counts;
# with the cache down they let requests through). Failed sign-ins count per IP and per IP and
# address together (accounts.adapter): a stranger can lock only themselves out of an account,
# never its owner. Other limits keep allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "login": env("ACCOUNT_LOGIN_RATE_LIMIT", default="30/m/ip"),
    "login_failed": env("ACCOUNT_LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/300s/key"),
    "signup": env("ACCOUNT_SIGNUP_RATE_LIMIT", default="5/m/ip,30/h/ip"),
    "reset_password": env("ACCOUNT_RESET_PASSWORD_RATE_LIMIT", default="5/m/ip,3/15m/key"),
}
# Behind a proxy: how many proxies append to X-Forwarded-For, or the one header to trust
# (e.g. "CF-Connecting-IP"); rate limits and the consent log use the client IP they give.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
# Authenticator apps, recovery codes and passkeys (which can also sign in on their own).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
# Sessions are listed from sign-in on; tracking "last seen" costs a database write per request.
USERSESSIONS_TRACK_ACTIVITY = env.bool("USERSESSIONS_TRACK_ACTIVITY", default=False)
# Staff roles, and venue providers (who see their customers' bookings), must set up MFA before
# they reach anything else. More groups may be added; production refuses to start without any of
# these. The escape hatch is for the local demo only: production refuses to start with it off.
ACCOUNTS_MFA_ROLES = ["Editors", "Moderators", "Marketers", "Shop staff", "Venue providers"]
ACCOUNTS_MFA_REQUIRED_GROUPS = env.list("ACCOUNTS_MFA_REQUIRED_GROUPS", default=ACCOUNTS_MFA_ROLES)
ACCOUNTS_MFA_ENFORCE = env.bool("ACCOUNTS_MFA_ENFORCE", default=True)
# Personal data exports: how long the emailed link works, and where the zips are kept.
ACCOUNTS_EXPORT_LINK_MAX_AGE = env.int("ACCOUNTS_EXPORT_LINK_MAX_AGE", default=60 * 60 * 24 * 2)
# Avatars: refused above this size (bytes) or these pixel dimensions.
ACCOUNTS_AVATAR_MAX_BYTES = env.int("ACCOUNTS_AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
ACCOUNTS_AVATAR_MAX_PIXELS = env.int("ACCOUNTS_AVATAR_MAX_PIXELS", default=4000)
# Social sign-in: a provider appears only when its credentials are in the environment
# (no database rows).
SOCIALACCOUNT_PROVIDERS = {}
if env("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": env("GOOGLE_CLIENT_ID"), "secret": env("GOOGLE_CLIENT_SECRET")}],
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
    }
if env("APPLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["apple"] = {
        "APPS": [
            {
                "client_id": env("APPLE_CLIENT_ID"),
                "secret": env("APPLE_KEY_ID"),
                "key": env("APPLE_TEAM_ID"),
                "settings": {"certificate_key": env.str("APPLE_PRIVATE_KEY", multiline=True)},
            }
        ]
    }
# Wagtail's login page hands over to allauth (and refuses signed-in people without access).
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login_handover"
# Passwords and email addresses change in allauth (verified), not in Wagtail's account page.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3 (or any S3-compatible store) when a bucket is configured; local files otherwise.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
# Private files (personal data exports): never under MEDIA_URL; served only by a checking view.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True},
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console in development; EMAIL_URL (smtp://user:pass@host:587) for a real server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <hello@example.com>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = SITE_NAME
# Staff avatars are not fetched from Gravatar: no third-party request (or CSP exception)
# on every admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Uploads are refused above 10 MB or 40 megapixels (all frames): bigger files are mistakes or
# decompression bombs, and would stall rendition workers.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env.int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", default=40_000_000)
WAGTAILADMIN_MENU_ITEM_DASHBOARD_URL = "/shop/dashboard/"
# Wagtail 8's own small background jobs run through django-tasks, in-process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Oscar
OSCAR_SHOP_NAME = SITE_NAME
OSCAR_SHOP_TAGLINE = "Places worth visiting, things worth keeping"
OSCAR_HOMEPAGE = "/"
OSCAR_DEFAULT_CURRENCY = env("CURRENCY", default="GBP")
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
# The country the shop trades from: address labels and phone numbers follow its conventions.
SHOP_COUNTRY = env("SHOP_COUNTRY", default="GB")
PHONENUMBER_DEFAULT_REGION = SHOP_COUNTRY
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")
OSCAR_MODERATE_REVIEWS = True
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_URL_SCHEMA = env("URL_SCHEME", default="http")
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_MAX_BASKET_QUANTITY_THRESHOLD = env.int("SHOP_MAX_BASKET_QUANTITY", default=20)
# Stock record prices exclude tax; this rate is added on top (0 for no tax).
SHOP_TAX_RATE = env("SHOP_TAX_RATE", default="0.20")
# Show prices with tax (shops selling to consumers) or without it (trade shops).
SHOP_PRICES_INCLUDE_TAX = env.bool("SHOP_PRICES_INCLUDE_TAX", default=True)
# Offers discount the figure shoppers see, so a discount shown is the discount taken off.
# A system check (shop.E001) keeps the two in step.
OSCAR_OFFERS_INCL_TAX = SHOP_PRICES_INCLUDE_TAX
SHOP_SHIPPING_FLAT_RATE = env("SHOP_SHIPPING_FLAT_RATE", default="4.95")
SHOP_FREE_SHIPPING_THRESHOLD = env("SHOP_FREE_SHIPPING_THRESHOLD", default="50.00")
# The offer range whose products the shop front features (none shown when it does not exist).
SHOP_FEATURED_RANGE = env("SHOP_FEATURED_RANGE", default="featured")
SHOP_BASKET_EXPIRY_HOURS = env.int("SHOP_BASKET_EXPIRY_HOURS", default=24)
SHOP_STAFF_EMAILS = env.list("SHOP_STAFF_EMAILS", default=[])
# Order statuses: paid orders move on to shipping; cancel and refund end the line.
OSCAR_INITIAL_ORDER_STATUS = "Paid"
OSCAR_INITIAL_LINE_STATUS = "Paid"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending payment": ["Paid", "Cancelled"],
    "Paid": ["Processing", "Shipped", "Completed", "Cancelled", "Refunded"],
    "Processing": ["Shipped", "Completed", "Cancelled", "Refunded"],
    "Shipped": ["Completed", "Refunded"],
    "Completed": ["Refunded"],
    "Cancelled": [],
    "Refunded": [],
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = {status: status for status in OSCAR_ORDER_STATUS_PIPELINE}
SHOP_CANCELLABLE_STATUSES = ["Paid", "Processing"]
# What a venue provider may mark their own lines in the dashboard. Cancelled and Refunded move
# money, so staff set those (or the booking cancellation flow does).
SHOP_PROVIDER_LINE_STATUSES = ["Processing", "Completed"]
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
THUMBNAIL_PRESERVE_FORMAT = True

# Search: "database" (default) or "elasticsearch" (needs ELASTICSEARCH_URL).
SEARCH_ENGINE = env("SEARCH_ENGINE", default="database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="site")
# "full" (stemming, ASCII folding, scaled_float: any real distribution) or "core" for a server
# without the analysis-common and mapper-extras modules, such as Elastic's test distribution.
ELASTICSEARCH_ANALYSIS = env("ELASTICSEARCH_ANALYSIS", default="full")
# Days a stored search or result click is kept for the staff report (no personal data).
SEARCH_ANALYTICS_RETENTION_DAYS = env.int("SEARCH_ANALYTICS_RETENTION_DAYS", default=180)
# Seconds an Elasticsearch request may take before it is retried or fails.
SEARCH_TIMEOUT_SECONDS = env.float("SEARCH_TIMEOUT_SECONDS", default=5.0)
# Bulk indexing (on commit, reconciliation, rebuilds) may wait longer than a search.
SEARCH_INDEXING_TIMEOUT_SECONDS = env.float("SEARCH_INDEXING_TIMEOUT_SECONDS", default=60.0)

# Venue maps (Leaflet, served from our static files): where the map tiles come from.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

# Security headers. Content-Security-Policy (django-csp, config/csp.py): our own origin only,
# inline scripts only with the request's nonce; third-party origins only on the pages that use
# them (CSP_EXTRA_SOURCES, named by `{% csp_allow %}` in their templates).
# SITE_CSP_REPORT_ONLY sends the same policy as Content-Security-Policy-Report-Only (to try a
# change without breaking pages); SITE_CSP_REPORT_URI is where browsers report violations.
# Where a new venue's address is looked up to put it on the map (venues/geocoding.py):
# "venues.geocoding.NominatimGeocoder" in production; nothing is looked up by default.
VENUE_GEOCODER = env("VENUE_GEOCODER", default="venues.geocoding.NoGeocoder")
VENUE_GEOCODER_URL = env("VENUE_GEOCODER_URL", default="https://nominatim.openstreetmap.org/search")

SITE_CSP_REPORT_ONLY = env.bool("SITE_CSP_REPORT_ONLY", default=False)
SITE_CSP_REPORT_URI = env("SITE_CSP_REPORT_URI", default="")
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    # Inline style attributes (templates, Wagtail's rich text) cannot carry a nonce.
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", *env.list("CSP_IMG_SOURCES", default=[])],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    # Embedded videos in pages and posts (Wagtail embeds).
    "frame-src": [
        SELF,
        *env.list(
            "CSP_FRAME_SOURCES",
            default=[
                "https://www.youtube.com",
                "https://www.youtube-nocookie.com",
                "https://player.vimeo.com",
            ],
        ),
    ],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
if SITE_CSP_REPORT_URI:
    _CSP_DIRECTIVES["report-uri"] = [SITE_CSP_REPORT_URI]
CONTENT_SECURITY_POLICY = None if SITE_CSP_REPORT_ONLY else {"DIRECTIVES": _CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_REPORT_ONLY = (
    {"DIRECTIVES": _CSP_DIRECTIVES} if SITE_CSP_REPORT_ONLY else None
)
# Wagtail's admin: its date and time widgets, InlinePanel and MultipleChooserPanel write
# inline scripts from form-widget templates, which have no request (so no nonce) and differ
# per field (so no hash). Those pages alone allow inline scripts (docs/security.md).
CSP_INLINE_SCRIPT_PATH_PREFIXES = ["/admin/"]
CSP_INLINE_SCRIPT_SOURCES = [SELF, UNSAFE_INLINE]
# Oscar's dashboard runs its inline script with the nonce (templates/oscar/base.html); three
# of its templates keep an inline "cancel" handler, allowed by its exact hash only.
CSP_DASHBOARD_PATH_PREFIX = "/shop/dashboard/"
CSP_DASHBOARD_HANDLER_HASHES = [
    "'unsafe-hashes'",
    "'sha256-NqaPugiVKFsqU2P8L2sjJSLsiSKaQB+C9S5V0ZiRxfc='",  # window.history.go(-1);return false
    "'sha256-KfMr/znHoNXbaysXJVVD9BDDdgwELnZLrjgLxMfySJE='",  # window.close();return false;
]
# Browser features no page uses are switched off; payment is Stripe's (its iframes).
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), usb=(), "
        'payment=(self "https://js.stripe.com")'
    ),
)

# Stripe (the shop issue wires up payments; without keys a demo method is offered).
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")

# Third-party origins a page may name with `{% csp_allow "<name>" %}` (see config/csp.py).
CSP_EXTRA_SOURCES = {
    # Stripe.js, its card iframes (and 3-D Secure) and its API, on the payment step only.
    "stripe": {
        "script-src": ["https://js.stripe.com"],
        "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
        "connect-src": ["https://api.stripe.com"],
    },
    # Map tiles on pages that show a venue map.
    "map_tiles": {"img-src": [origin for origin in [origin_of(MAP_TILE_URL)] if origin]},
}

# Bookings: how long a slot in a basket stays held (extended when checkout starts).
BOOKING_HOLD_MINUTES = env.int("BOOKING_HOLD_MINUTES", default=15)
# A guest's signed booking link works until this many days after the appointment ends.
BOOKING_LINK_MAX_AGE_DAYS = env.int("BOOKING_LINK_MAX_AGE_DAYS", default=30)

# Celery: Redis broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Queueing a task fails within seconds when Redis is down (the outbox keeps the call), instead
# of retrying for ~20 s inside a request. Workers reconnect by broker_connection_max_retries.
_FAIL_FAST = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, **_FAIL_FAST}
CELERY_TASK_PUBLISH_RETRY_POLICY = _FAIL_FAST
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _FAIL_FAST}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
# The beat schedule lives here, one entry per periodic job; later features add theirs.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "home.tasks.heartbeat", "schedule": 300.0},
    "expire-stale-baskets": {"task": "shop.tasks.expire_stale_baskets", "schedule": 3600.0},
    "low-stock-alerts": {
        "task": "shop.tasks.send_low_stock_alerts",
        "schedule": crontab(hour=7, minute=0),
    },
    # Cancelled or refunded orders still holding bookings or money are reported to shop staff.
    "check-ended-orders": {
        "task": "shop.tasks.check_ended_orders",
        "schedule": crontab(hour=5, minute=30),
    },
    # Refunds that order status changes left pending (Stripe unreachable) are sent again.
    "retry-pending-refunds": {"task": "shop.tasks.retry_pending_refunds", "schedule": 300.0},
    # Pages scheduled to go live or expire are published/unpublished within a minute.
    "publish-scheduled-pages": {"task": "home.tasks.publish_scheduled_pages", "schedule": 60.0},
    # Lapsed booking holds free their places; reminders go 24 h ahead (each claimed once).
    "release-expired-booking-holds": {
        "task": "bookings.tasks.release_expired_holds",
        "schedule": 60.0,
    },
    "send-booking-reminders": {
        "task": "bookings.tasks.send_booking_reminders",
        "schedule": 600.0,
    },
    # Personal data exports past their link's life are deleted.
    "purge-expired-data-exports": {
        "task": "accounts.tasks.purge_expired_exports",
        "schedule": crontab(hour=4, minute=0),
    },
    # Index drift (missing, stale or orphaned documents) is found and fixed nightly; venues'
    # upcoming openings move on with it.
    "reconcile-search-index": {
        "task": "search.tasks.reconcile_index",
        "schedule": crontab(hour=3, minute=30),
    },
    # Search analytics older than SEARCH_ANALYTICS_RETENTION_DAYS (180 by default) are deleted.
    "prune-search-analytics": {
        "task": "search.tasks.prune_search_analytics",
        "schedule": crontab(hour=3, minute=50),
    },
    # Scheduled newsletters start, A/B winners are sent and interrupted sends are tidied.
    "dispatch-due-newsletters": {
        "task": "marketing.tasks.dispatch_due_newsletters",
        "schedule": 60.0,
    },
    # "How was your visit?" emails, once per completed booking, some hours after it ended.
    "send-review-invitations": {
        "task": "reviews.tasks.send_review_invitations",
        "schedule": 900.0,
    },
    # Tasks the broker could not take when their data was committed (an outage) go out now.
    "deliver-outbox": {"task": "outbox.tasks.deliver_outbox", "schedule": 60.0},
}

# Marketing: newsletter sending, tracking and provider webhooks.
# Messages per second across every worker (a Redis token bucket; 0 means no limit).
NEWSLETTER_RATE_PER_SECOND = env.float("NEWSLETTER_RATE_PER_SECOND", default=50.0)
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
# Off switches every newsletter's open pixel and click redirects off, whatever it says.
NEWSLETTER_TRACKING = env.bool("NEWSLETTER_TRACKING", default=True)
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default=DEFAULT_FROM_EMAIL)
# Bounce and complaint webhooks (django-anymail): the shared secret providers send as basic auth,
# and the one provider whose webhook routes are served (postmark, mailgun, amazon_ses, ...).
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="") or None}
ANYMAIL_WEBHOOK_PROVIDER = env("ANYMAIL_WEBHOOK_PROVIDER", default="")
# How long a first-touch attribution cookie lasts (set only with analytics consent).
ATTRIBUTION_COOKIE_DAYS = env.int("ATTRIBUTION_COOKIE_DAYS", default=30)

# Wagtail's API v2 (/api/v1/cms/) serves only live, public content: it reads no credentials,
# so DRF's Basic authentication cannot become a way round the sign-in rate limits.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

# Other sites' browsers may call the API from these origins only (django-cors-headers), and
# without cookies: a session's basket and bookings are for the site's own pages and scripts.
CORS_ALLOWED_ORIGINS = env.list("API_CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "X-Request-ID"]

# Inbound rate limits for the site's own forms and APIs (throttling/limits.py): "N/period" per
# client IP, comma-separated; "<name>_per_key" counts per IP and address (or session) too.
RATE_LIMITS = {
    "newsletter_signup": env("NEWSLETTER_SIGNUP_RATE_LIMIT", default="10/h"),
    "newsletter_signup_per_key": "3/h",
    "venue_application": env("VENUE_APPLICATION_RATE_LIMIT", default="5/h"),
    "venue_application_per_key": "2/h",
    "search": env("SEARCH_RATE_LIMIT", default="60/m,600/h"),
    "search_suggest": env("SEARCH_SUGGEST_RATE_LIMIT", default="120/m"),
    # A bot must not hold a day's every slot: few holds per IP, fewer per session.
    "booking_hold": env("BOOKING_HOLD_RATE_LIMIT", default="10/10m,30/d"),
    "booking_hold_per_key": "6/h",
    # Writing or editing reviews, and a venue's reports of reviews.
    "review_post": env("REVIEW_POST_RATE_LIMIT", default="5/h,20/d"),
    "review_post_per_key": "3/h",
    "review_report": env("REVIEW_REPORT_RATE_LIMIT", default="10/h"),
    # Every /api/v1/ request per client IP; writes (POST, PATCH, PUT, DELETE) count again.
    "api": env("API_RATE_LIMIT", default="600/m,20000/d"),
    "api_write": env("API_WRITE_RATE_LIMIT", default="60/m,1000/d"),
    # Product reviews and the votes on them (Oscar's reviews app).
    "product_review": env("PRODUCT_REVIEW_RATE_LIMIT", default="5/h"),
    "product_review_vote": env("PRODUCT_REVIEW_VOTE_RATE_LIMIT", default="30/h"),
}
# A pending newsletter sign-up is not sent another confirmation email within this many seconds.
NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS = env.int(
    "NEWSLETTER_CONFIRMATION_COOLDOWN_SECONDS", default=15 * 60
)

# Health: seconds each /readyz check may take (all run at once, so a down dependency gives 503
# within about this long); anonymous callers get a result at most READYZ_CACHE_SECONDS old and
# never make the site publish a task; READYZ_TOKEN (sent as "Authorization: Bearer <token>")
# gets a live run that also pings a worker.
READYZ_TIMEOUT_SECONDS = env.float("READYZ_TIMEOUT_SECONDS", default=2.0)
READYZ_CACHE_SECONDS = env.float("READYZ_CACHE_SECONDS", default=10.0)
READYZ_TOKEN = env("READYZ_TOKEN", default="")

# Logging: readable lines in development, JSON in production; each line carries the request id.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    # django-guid can only insist on UUIDs; safe_input's SafeRequestIdMiddleware lets through
    # short [A-Za-z0-9._-] ids (what proxies send) and replaces anything else.
    "VALIDATE_GUID": False,
    "RETURN_HEADER": True,
    # django-guid would overwrite Access-Control-Expose-Headers; CORS_EXPOSE_HEADERS names it.
    "EXPOSE_HEADER": False,
    # Tasks queued by a request log that request's id; workers use these logging settings.
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True, log_parent=True)],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId"},
        "redact": {"()": "config.logging.RedactSecretsFilter"},
    },
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)-7s [%(correlation_id)s] %(name)s: %(message)s",
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "correlation_id": "request_id",
            },
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
    },
}

# Observability (docs/deployment.md): Sentry only when SENTRY_DSN is set; Prometheus metrics at
# /metrics for METRICS_TOKEN bearers (Authorization: Bearer <token>) and signed-in staff.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# Venue reviews (reviews/, docs/reviews.md).
REVIEWS_MIN_LENGTH = env.int("REVIEWS_MIN_LENGTH", default=20)
# Shorter reviews are held for a Moderator rather than published at once.
REVIEWS_AUTO_PUBLISH_MIN_LENGTH = env.int("REVIEWS_AUTO_PUBLISH_MIN_LENGTH", default=40)
# The "top rated" score: a venue counts as if it also had PRIOR_WEIGHT reviews of PRIOR_MEAN.
REVIEWS_PRIOR_MEAN = env.float("REVIEWS_PRIOR_MEAN", default=4.0)
REVIEWS_PRIOR_WEIGHT = env.int("REVIEWS_PRIOR_WEIGHT", default=5)
REVIEW_LINK_MAX_AGE_DAYS = env.int("REVIEW_LINK_MAX_AGE_DAYS", default=60)
REVIEW_INVITATION_DELAY_HOURS = env.int("REVIEW_INVITATION_DELAY_HOURS", default=2)
REVIEW_INVITATION_WINDOW_DAYS = env.int("REVIEW_INVITATION_WINDOW_DAYS", default=7)
# Only buyers of a product may review it (their reviews are marked "verified purchase").
SHOP_REVIEWS_VERIFIED_ONLY = env.bool("SHOP_REVIEWS_VERIFIED_ONLY", default=True)
