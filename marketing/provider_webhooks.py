"""The email provider's webhook routes (django-anymail), for the one configured provider only.

`anymail.urls` mounts every provider's tracking and inbound views; the ones needing settings
we do not have (signing keys, API keys) answer 500 to any post. So only the routes of
ANYMAIL_WEBHOOK_PROVIDER are served, each checked to be constructible when the URLconf loads,
and a post the provider's parser cannot read is a 400, not a 500.
"""

import copy
import logging
import warnings
from functools import cache

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError, AnymailInsecureWebhookWarning
from django.core.exceptions import BadRequest, ImproperlyConfigured

logger = logging.getLogger(__name__)

# What anymail's parsers raise on a body that is not what the provider sends (a configuration
# error is how they report a post of the wrong kind, e.g. a tracking event at the inbound URL).
UNREADABLE_BODY_ERRORS = (
    ValueError, KeyError, TypeError, AttributeError, IndexError, AnymailConfigurationError
)  # fmt: skip


def route_provider(pattern) -> str:
    return str(pattern.pattern).lstrip("^").split("/", 1)[0].removesuffix("(_mime)?")


def known_providers() -> list[str]:
    return sorted({route_provider(pattern) for pattern in anymail_urls.urlpatterns})


@cache
def readable_only(view_class):
    """The view class, answering 400 to a body its parser cannot read."""

    def parse_events(self, request):
        try:
            return view_class.parse_events(self, request)
        except UNREADABLE_BODY_ERRORS as error:
            logger.warning("Unreadable %s webhook post: %r", view_class.esp_name, error)
            raise BadRequest("This webhook post could not be read.") from error

    return type(view_class.__name__, (view_class,), {"parse_events": parse_events})


def provider_webhook_urlpatterns(provider: str) -> list:
    """anymail's routes for `provider` (e.g. "postmark"); ImproperlyConfigured when it lacks
    the settings its views need, so a deployment finds out at start-up, not from a 500."""
    if provider not in known_providers():
        raise ImproperlyConfigured(
            f"ANYMAIL_WEBHOOK_PROVIDER={provider!r} is not one of {', '.join(known_providers())}."
        )
    patterns = []
    for pattern in anymail_urls.urlpatterns:
        if route_provider(pattern) != provider:
            continue
        view_class = readable_only(pattern.callback.view_class)
        with warnings.catch_warnings():  # the secret may be set after the URLconf loads
            warnings.simplefilter("ignore", AnymailInsecureWebhookWarning)
            view_class()  # raises ImproperlyConfigured for a missing provider setting
        mounted = copy.copy(pattern)  # anymail's own patterns stay as they are
        mounted.callback = view_class.as_view()
        patterns.append(mounted)
    return patterns
