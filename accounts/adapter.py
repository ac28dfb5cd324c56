"""allauth's hooks: emails leave through Celery in the site's layout."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.template.loader import render_to_string

from accounts.tasks import send_account_email
from outbox.delivery import enqueue_on_commit


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
        enqueue_on_commit(send_account_email, **payload)
