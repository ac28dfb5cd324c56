"""allauth's hooks: emails leave through Celery in the site's layout."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string

from accounts.tasks import send_account_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = self.request
        site = get_current_site(request)
        context = {"request": request, "email": email, "current_site": site, **context}
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        if html is None:
            # allauth ships plain-text templates: wrap them in the layout order emails use.
            html = render_to_string(
                "accounts/email/layout.html", {"body": message.body, "site": site}
            )
        # Rendered now (the request is here), sent after the commit by a worker.
        payload = {
            "subject": message.subject,
            "text": message.body,
            "html": html,
            "from_email": message.from_email,
            "to": list(message.to),
        }
        transaction.on_commit(lambda: send_account_email.delay(**payload))


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
