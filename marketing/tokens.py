"""Signed tokens in email links: they stand in for signing in, so each has its own salt."""

from django.core import signing

CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a confirmation link works for a week


def _dumps(value, salt):
    return signing.dumps(value, salt=f"marketing.{salt}", compress=True)


def _loads(token, salt, max_age=None):
    """The signed value, or None for a forged, mangled or expired token."""
    try:
        return signing.loads(token, salt=f"marketing.{salt}", max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def confirm_token(subscriber):
    return _dumps(subscriber.pk, "confirm")


def read_confirm_token(token):
    return _loads(token, "confirm", max_age=CONFIRM_MAX_AGE)


def subscriber_token(subscriber_id, delivery_id=None):
    """Preference centre and unsubscribe: for as long as the emails are kept."""
    return _dumps([subscriber_id, delivery_id], "subscriber")


def read_subscriber_token(token):
    value = _loads(token, "subscriber")
    if not isinstance(value, list) or len(value) != 2:
        return None, None
    return value[0], value[1]


def open_token(delivery_id):
    return _dumps(delivery_id, "open")


def read_open_token(token):
    return _loads(token, "open")


def click_token(delivery_id, url):
    # The destination travels inside the signature, so the redirect cannot be pointed elsewhere.
    return _dumps([delivery_id, url], "click")


def read_click_token(token):
    value = _loads(token, "click")
    if not isinstance(value, list) or len(value) != 2:
        return None, None
    return value[0], value[1]


def web_version_token(newsletter_id):
    return _dumps(newsletter_id, "web")


def read_web_version_token(token):
    return _loads(token, "web")
