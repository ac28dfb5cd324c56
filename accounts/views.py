"""The profile page, communication preferences and the GDPR export and deletion."""

import logging
from datetime import timedelta

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.signing import BadSignature, SignatureExpired
from django.db import transaction
from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from accounts.emails import export_signer
from accounts.forms import CommunicationPreferencesForm, DeleteAccountForm, ProfileForm
from accounts.models import PersonalDataExport, Profile
from accounts.personal_data import erase_account, private_storage
from accounts.tasks import build_personal_data_export
from outbox.delivery import enqueue_on_commit

UserAddress = get_model("address", "UserAddress")
logger = logging.getLogger(__name__)
# One export at a time: each builds a zip and sends an email.
EXPORT_INTERVAL_MINUTES = 10


def profile_context(request, profile, **forms):
    user = request.user
    has_verified_email = EmailAddress.objects.filter(user=user, verified=True).exists()
    has_address = UserAddress.objects.filter(user=user).exists()
    steps = profile.completion_steps(has_verified_email=has_verified_email, has_address=has_address)
    done = sum(1 for _label, complete in steps if complete)
    return {
        "profile": profile,
        "profile_form": forms.get("profile_form") or ProfileForm(profile=profile),
        "preferences_form": forms.get("preferences_form")
        or CommunicationPreferencesForm(user=user),
        "completion_steps": steps,
        "completion_percent": round(100 * done / len(steps)),
        "session_count": UserSession.objects.filter(user=user).count(),
        "recent_exports": PersonalDataExport.objects.filter(user=user)[:3],
    }


@method_decorator(login_required, name="dispatch")
class ProfileView(View):
    template_name = "accounts/profile.html"

    def get(self, request):
        profile = Profile.for_user(request.user)
        return render(request, self.template_name, profile_context(request, profile))

    def post(self, request):
        profile = Profile.for_user(request.user)
        form = ProfileForm(request.POST, request.FILES, profile=profile)
        if not form.is_valid():
            context = profile_context(request, profile, profile_form=form)
            return render(request, self.template_name, context, status=400)
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")


@login_required
@require_POST
def communication_preferences(request):
    form = CommunicationPreferencesForm(request.POST, user=request.user)
    if not form.is_valid():
        profile = Profile.for_user(request.user)
        context = profile_context(request, profile, preferences_form=form)
        return render(request, ProfileView.template_name, context, status=400)
    with transaction.atomic():
        form.save(request)
    messages.success(request, _("Your communication preferences have been saved."))
    return redirect("accounts:profile")


@login_required
def personal_data(request):
    """Your data: ask for a copy (export) or delete the account; both ask for the password."""
    exports = PersonalDataExport.objects.filter(user=request.user)[:3]
    return render(request, "accounts/personal_data.html", {"recent_exports": exports})


@login_required
@require_POST
@reauthentication_required
def request_export(request):
    """Queue a personal data export; the link arrives by email when the zip is ready."""
    since = timezone.now() - timedelta(minutes=EXPORT_INTERVAL_MINUTES)
    if PersonalDataExport.objects.requested_since(request.user, since).exists():
        messages.info(
            request,
            _("You asked for a copy a moment ago; the link will arrive by email shortly."),
        )
        return redirect("accounts:profile")
    with transaction.atomic():
        export = PersonalDataExport.objects.create(user=request.user)
        enqueue_on_commit(build_personal_data_export, export.pk)
    messages.success(
        request, _("We are preparing your data. A download link will arrive by email shortly.")
    )
    return redirect("accounts:profile")


@login_required
def download_export(request, token):
    try:
        export_id = export_signer().unsign(token, max_age=settings.ACCOUNTS_EXPORT_LINK_MAX_AGE)
    except SignatureExpired:
        return render(request, "accounts/export_expired.html", status=410)
    except BadSignature as error:
        raise Http404("Unknown export link") from error
    export = get_object_or_404(
        PersonalDataExport, pk=export_id, user=request.user, status=PersonalDataExport.Status.READY
    )
    try:
        handle = private_storage().open(export.file_name, "rb")
    except FileNotFoundError as error:
        raise Http404("The export file is gone") from error
    return FileResponse(handle, as_attachment=True, filename="personal-data.zip")


@method_decorator(login_required, name="dispatch")
@method_decorator(reauthentication_required, name="dispatch")
class DeleteAccountView(View):
    template_name = "accounts/delete_account.html"

    def get(self, request):
        return render(request, self.template_name, {"form": DeleteAccountForm(user=request.user)})

    def post(self, request):
        form = DeleteAccountForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            erase_account(request.user)
        except ProtectedError:
            # Something we must keep still points at the account; nothing was changed.
            logger.exception("Account %s could not be erased", request.user.pk)
            form.add_error(
                None,
                _("We could not delete your account just now. Please contact us and we will."),
            )
            return render(request, self.template_name, {"form": form}, status=409)
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for visiting."))
        return redirect("/")
