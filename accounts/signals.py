from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver

from accounts.mfa import SESSION_KEY


@receiver(authenticator_removed)
def forget_mfa_check(sender, request, user, authenticator, **kwargs):
    """Removing an authenticator makes the staff check run again on the next request."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
