"""Oscar's customer views, except that signing in, up and out and changing credentials
happen in allauth (see accounts/handover.py), and the address book speaks the shop country's
words. Oscar's loader takes every other customer view from Oscar itself."""

from oscar.apps.customer import views as oscar_views
from oscar.core.loading import get_class

from accounts.handover import AllauthHandoverView
from shop.address_labels import apply_address_labels

OscarUserAddressForm = get_class("address.forms", "UserAddressForm")


class UserAddressForm(OscarUserAddressForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_address_labels(self)


class AddressCreateView(oscar_views.AddressCreateView):
    form_class = UserAddressForm


class AddressUpdateView(oscar_views.AddressUpdateView):
    form_class = UserAddressForm


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
