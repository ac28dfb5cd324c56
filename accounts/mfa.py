"""Who must use MFA, and whether they do."""

from allauth.mfa.models import Authenticator
from django.conf import settings

# Set once a user is known to have TOTP, so their later requests cost no query.
SESSION_KEY = "accounts_mfa_in_place"


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_required_for(user):
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.ACCOUNTS_MFA_REQUIRED_GROUPS).exists()
