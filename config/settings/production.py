"""Production: refuses to start without the configuration it cannot safely guess."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ACCOUNTS_MFA_REQUIRED_GROUPS, ACCOUNTS_MFA_ROLES, env


def required(name):
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment for production settings "
            "(see the configuration table in README.md)."
        )
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production, not SQLite.")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Background work (emails, indexing, holds) needs a real broker and a shared cache.
REDIS_URL = required("REDIS_URL")
CELERY_TASK_ALWAYS_EAGER = False

# Payments must be real in production: no demo method.
STRIPE_PUBLISHABLE_KEY = required("STRIPE_PUBLISHABLE_KEY")
STRIPE_SECRET_KEY = required("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = required("STRIPE_WEBHOOK_SECRET")

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Probes and Prometheus call the containers directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
OSCAR_URL_SCHEMA = "https"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
if not env.bool("ACCOUNTS_MFA_ENFORCE", default=True):
    raise ImproperlyConfigured("ACCOUNTS_MFA_ENFORCE may be switched off in development only.")
ACCOUNTS_MFA_ENFORCE = True
roles_without_mfa = [
    role for role in ACCOUNTS_MFA_ROLES if role not in ACCOUNTS_MFA_REQUIRED_GROUPS
]
if roles_without_mfa:
    raise ImproperlyConfigured(
        "ACCOUNTS_MFA_REQUIRED_GROUPS must include " + ", ".join(roles_without_mfa) + "."
    )

LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
