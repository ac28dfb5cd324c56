"""Who must use MFA, and whether they do."""

from allauth.mfa.models import Authenticator
from django.conf import settings

# Set once a user is known to have MFA, so their later requests cost no query.
SESSION_KEY = "accounts_mfa_in_place"
# Recovery codes only back up one of these; on their own they are not a second factor.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user):
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def mfa_required_for(user):
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.ACCOUNTS_MFA_REQUIRED_GROUPS).exists()
