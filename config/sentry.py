"""Error reporting to Sentry, on only when SENTRY_DSN is set.

No personal data leaves: `send_default_pii` is off, and `scrub_event` masks emails, card
numbers, keys and tokens in every string of an event, replaces the values of sensitive keys
(addresses, emails, cookies, authorization headers, passwords) and keeps only the user's id.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from config.logging import redact_value


def scrub_event(event, hint=None):
    user = event.get("user") or {}
    event = redact_value({key: value for key, value in event.items() if key != "user"})
    if user.get("id") is not None:
        event["user"] = {"id": user["id"]}
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.get("env", {}).pop("REMOTE_ADDR", None)
    return event


def scrub_breadcrumb(crumb, hint=None):
    return redact_value(crumb)


def init_sentry(dsn, *, environment, release=None, traces_sample_rate=0.0):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(monitor_beat_tasks=False),
            LoggingIntegration(),
        ],
        send_default_pii=False,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=traces_sample_rate,
    )
