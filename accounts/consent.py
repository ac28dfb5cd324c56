"""The consent log and suppression list API; the marketing app records through these too."""

from django.db import IntegrityError, transaction

from accounts.models import ConsentRecord, SuppressedEmail, email_digest, normalise_email

NEWSLETTER = "newsletter"
# Bump when the wording a person agrees to changes; each record keeps the version it saw.
NEWSLETTER_TEXT_VERSION = "2026-11"
NEWSLETTER_TEXT = "Send me the newsletter: new venues, offers and events, about twice a month."


def client_ip(request):
    """The client's address as allauth sees it (honours the trusted proxy settings)."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # an unparseable forwarded header must not lose the record
        return None


def record_consent(*, purpose, given, text_version, source, user=None, email="", request=None):
    """Append one consent given or withdrawn for a user or a bare email address."""
    if user is None and not email:
        raise ValueError("A consent needs a user or an email address.")
    return ConsentRecord.objects.create(
        user=user,
        email=normalise_email(email or (user.email if user else "")),
        purpose=purpose,
        text_version=text_version,
        action=ConsentRecord.Action.GIVEN if given else ConsentRecord.Action.WITHDRAWN,
        source=source,
        ip_address=client_ip(request),
    )


def has_consent(user, purpose):
    latest = ConsentRecord.objects.for_user(user).latest_for(purpose)
    return bool(latest and latest.is_given)


def suppress_email(email, reason):
    try:
        with transaction.atomic():
            SuppressedEmail.objects.get_or_create(
                email_hash=email_digest(email), defaults={"reason": reason}
            )
    except IntegrityError:  # recorded concurrently: the address is suppressed either way
        pass


def is_suppressed(email):
    return SuppressedEmail.objects.filter(email_hash=email_digest(email)).exists()
