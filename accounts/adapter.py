"""allauth's hooks: emails leave through Celery in the site's layout; failed sign-ins are
counted per client IP and address."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404
from django.urls import reverse

from accounts.tasks import send_account_email
from core.emails import compose
from outbox.delivery import enqueue_on_commit


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = self.request
        site = get_current_site(request)
        context = {"request": request, "email": email, "current_site": site, **context}
        message = self.render_mail(template_prefix, email, context)
        own_html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        # allauth ships plain-text messages: they go out in the one layout every email uses.
        text, html = compose(message.body, own_html)
        # Rendered now (the request is here), sent after the commit by a worker.
        payload = {
            "subject": message.subject,
            "text": text,
            "html": html,
            "from_email": message.from_email,
            "to": list(message.to),
        }
        enqueue_on_commit(send_account_email, **payload)

    def get_login_redirect_url(self, request):
        """After choosing a password through an emailed link, people who work in the admin (an
        invited venue provider) continue there; everyone else where they usually land."""
        match = getattr(request, "resolver_match", None)
        from_reset = match is not None and (match.url_name or "").startswith(
            "account_reset_password_from_key"
        )
        if from_reset and request.user.has_perm("wagtailadmin.access_admin"):
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed sign-ins per address alone, so five wrong passwords from anyone
        # would lock the owner out. Counted per client IP and address, a stranger slows down
        # only their own attempts (the per-IP limit still bounds guessing across addresses).
        address_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}:{address_key}"


class NoSocialApp(SocialApp.DoesNotExist, Http404):
    """No app is configured for this provider: a 404 for its URLs, still a DoesNotExist."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        # Google and Apple are installed whether or not their keys are set, so their login
        # and callback URLs exist; without keys they are pages that are not there.
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as error:
            raise NoSocialApp(f"Signing in with {provider} is not set up.") from error
