"""Staff without MFA are sent to set it up before they reach anything else."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from accounts.mfa import SESSION_KEY, has_totp, mfa_required_for

# What a staff member without MFA may still reach: MFA set-up, signing out, verifying an email.
ALLOWED_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "account_confirm_email",
    "account_email_verification_sent",
    "healthz",
    "readyz",
}


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.unguarded_prefixes = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )

    def __call__(self, request):
        if self.must_set_up_mfa(request):
            messages.warning(
                request,
                _("Your role needs two-factor authentication. Set up an authenticator app first."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def must_set_up_mfa(self, request):
        user = request.user
        if not settings.ACCOUNTS_MFA_ENFORCE or not user.is_authenticated:
            return False
        if request.session.get(SESSION_KEY) == user.pk or self.is_allowed(request):
            return False
        if not mfa_required_for(user):
            return False
        if has_totp(user):
            request.session[SESSION_KEY] = user.pk
            return False
        return True

    def is_allowed(self, request):
        if request.path_info.startswith(self.unguarded_prefixes):
            return True
        try:
            return resolve(request.path_info).url_name in ALLOWED_URL_NAMES
        except Resolver404:
            return False
