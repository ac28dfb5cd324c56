"""Every other sign-in, sign-up and password page sends people to allauth's, keeping `next`.

allauth's flow is where email verification, rate limits and MFA are enforced; a view that
called `login()` itself would skip them.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View


def safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def allauth_url(request, url_name, *, next_url="", email=""):
    params = {}
    next_url = safe_next(request, next_url or request.GET.get("next", ""))
    if next_url:
        params["next"] = next_url
    if email:
        params["email"] = email
    url = reverse(url_name)
    return f"{url}?{urlencode(params)}" if params else url


class AllauthHandoverView(View):
    """Redirects any method to the allauth page `url_name` (GET query `next` kept)."""

    url_name = "account_login"
    keep_email = False

    def dispatch(self, request, *args, **kwargs):
        email = request.GET.get("email", "") if self.keep_email else ""
        return redirect(allauth_url(request, self.url_name, email=email))


def handover(url_name, **attributes):
    return AllauthHandoverView.as_view(url_name=url_name, **attributes)
