from allauth.account.signals import email_confirmed, user_signed_up
from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver

from accounts.guest_records import attach_for_verified_addresses, attach_guest_records
from accounts.mfa import SESSION_KEY


@receiver(authenticator_removed)
def forget_mfa_check(sender, request, user, authenticator, **kwargs):
    """Removing an authenticator makes the staff check run again on the next request."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


@receiver(email_confirmed, dispatch_uid="accounts-attach-guest-records-on-confirm")
def attach_guest_records_on_confirmation(sender, request, email_address, **kwargs):
    """The address is now proven theirs: what was bought with it as a guest joins the account."""
    attach_guest_records(email_address.user, email_address.email)


@receiver(user_signed_up, dispatch_uid="accounts-attach-guest-records-on-sign-up")
def attach_guest_records_on_sign_up(sender, request, user, **kwargs):
    # A sign-up that brings an already verified address sends no `email_confirmed`.
    attach_for_verified_addresses(user)
