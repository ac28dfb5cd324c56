"""Local development: DEBUG on, console email, everything in-process unless configured."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Plain static storage so the dev server needs no collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The demo signs in right away; production verifies every address.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
# Serve static files straight from the apps' folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Demo staff accounts sign in without MFA locally; production refuses to start with this off.
ACCOUNTS_MFA_ENFORCE = env.bool("ACCOUNTS_MFA_ENFORCE", default=False)

# The demo data builders and `manage.py seed_demo`: development and tests only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
# Templates and code change while developing: no page is kept unless asked for.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
# Approved venue applications land on the map without a network service.
VENUE_GEOCODER = env("VENUE_GEOCODER", default="venues.geocoding.FakeGeocoder")
