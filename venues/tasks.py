"""Venue emails, sent by Celery workers (queued with transaction.on_commit by the callers)."""

import logging
from smtplib import SMTPException

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from core.emails import build_message

logger = logging.getLogger(__name__)
# Email tasks: a mail server that is down or refuses for now is retried with backoff.
RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "max_retries": 5,
    "ignore_result": True,
}


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send(template, recipient, context):
    """Subject is the template's first line, the body the rest."""
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    build_message(subject, body, [recipient]).send()


def set_password_url(user):
    """allauth's password-reset link doubles as the invitation to choose a first password."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return absolute(path)


@shared_task(**RETRY)
def send_application_received(application_id):
    from .models import VenueApplication

    application = VenueApplication.objects.filter(pk=application_id).first()
    if application is None:
        return
    send("venues/email/application_received.txt", application.email, {"application": application})


def application_reviewers():
    """Active accounts that may review applications: Moderators (and superusers)."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    permission = Permission.objects.get(
        content_type__app_label="venues", codename="change_venueapplication"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions=permission)
            | Q(user_permissions=permission)
        )
        .exclude(email="")
        .distinct()
    )


@shared_task(**RETRY)
def send_application_to_staff(application_id):
    """Tell the people who review applications that one arrived, with the review link."""
    from .models import VenueApplication

    application = VenueApplication.objects.filter(pk=application_id).first()
    if application is None or not application.is_pending:
        return
    context = {
        "application": application,
        "review_url": absolute(reverse("venue_applications:review", args=[application.pk])),
    }
    for reviewer in application_reviewers():
        send("venues/email/application_for_staff.txt", reviewer.email, context)


@shared_task(**RETRY)
def send_application_rejected(application_id):
    from .models import VenueApplication

    application = VenueApplication.objects.filter(pk=application_id).first()
    if application is None:
        return
    send("venues/email/application_rejected.txt", application.email, {"application": application})


@shared_task(**RETRY)
def send_provider_invitation(user_id, venue_id):
    from .models import VenuePage

    user = get_user_model().objects.filter(pk=user_id).first()
    venue = VenuePage.objects.filter(pk=venue_id).first()
    if user is None or venue is None:
        return
    context = {
        "user": user,
        "venue": venue,
        "set_password_url": set_password_url(user),
        "edit_url": absolute(reverse("wagtailadmin_pages:edit", args=[venue.pk])),
        "site_name": settings.SITE_NAME,
    }
    send("venues/email/provider_invitation.txt", user.email, context)


@shared_task(**RETRY)
def send_moderation_outcome(venue_id, user_id, approved, comment=""):
    from .models import VenuePage

    user = get_user_model().objects.filter(pk=user_id).first()
    venue = VenuePage.objects.filter(pk=venue_id).first()
    if user is None or venue is None or not user.email:
        return
    context = {
        "user": user,
        "venue": venue,
        "approved": approved,
        "comment": comment,
        "page_url": venue.full_url or "",
        "edit_url": absolute(reverse("wagtailadmin_pages:edit", args=[venue.pk])),
    }
    send("venues/email/moderation_outcome.txt", user.email, context)


@shared_task(ignore_result=True)
def locate_venue(venue_id):
    """Put a new venue on the map from the address its application gave (a network lookup,
    so never in the request). The draft the provider edits gets the position too."""
    from .geocoding import locate
    from .models import VenuePage

    venue = VenuePage.objects.filter(pk=venue_id).first()
    if venue is None:
        return
    draft = venue.get_latest_revision_as_object()
    if not locate(draft):
        return
    VenuePage.objects.filter(pk=venue_id, latitude__isnull=True, longitude__isnull=True).update(
        latitude=draft.latitude, longitude=draft.longitude
    )
    draft.save_revision(log_action=False, clean=False)
