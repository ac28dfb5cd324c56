"""Oscar's customer views, except that signing in, up and out and changing credentials
happen in allauth (see accounts/handover.py). Oscar's loader takes every other customer view
from Oscar itself."""

from accounts.handover import AllauthHandoverView


class AccountAuthView(AllauthHandoverView):
    url_name = "account_login"


class AccountRegistrationView(AllauthHandoverView):
    url_name = "account_signup"
    keep_email = True


class LogoutView(AllauthHandoverView):
    url_name = "account_logout"


class ChangePasswordView(AllauthHandoverView):
    url_name = "account_change_password"


# Profile details (and the email address, which allauth verifies) are edited on our profile page.
class ProfileView(AllauthHandoverView):
    url_name = "accounts:profile"


class ProfileUpdateView(AllauthHandoverView):
    url_name = "accounts:profile"


class ProfileDeleteView(AllauthHandoverView):
    url_name = "accounts:delete"
