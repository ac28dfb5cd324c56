"""Our own account emails, in the same layout and through the same task as allauth's."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.signing import TimestampSigner
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.tasks import send_account_email
from core.emails import compose
from outbox.delivery import enqueue_on_commit

EXPORT_SALT = "accounts.personal-data-export"


def export_signer():
    return TimestampSigner(salt=EXPORT_SALT)


def export_download_path(export):
    token = export_signer().sign(str(export.pk))
    return reverse("accounts:export-download", kwargs={"token": token})


def absolute_url(site, path):
    return f"{settings.OSCAR_URL_SCHEMA}://{site.domain}{path}"


def send_templated(template_prefix, to, context):
    site = Site.objects.get_current()
    context = {"site": site, "current_site": site, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text, html = compose(render_to_string(f"{template_prefix}_message.txt", context))
    payload = {
        "subject": f"[{settings.SITE_NAME}] {subject}",
        "text": text,
        "html": html,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [to],
    }
    enqueue_on_commit(send_account_email, **payload)


def send_export_ready_email(export):
    site = Site.objects.get_current()
    send_templated(
        "accounts/email/data_export_ready",
        export.user.email,
        {
            "user": export.user,
            "download_url": absolute_url(site, export_download_path(export)),
            "expiry_hours": settings.ACCOUNTS_EXPORT_LINK_MAX_AGE // 3600,
        },
    )
