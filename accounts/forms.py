import io

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from accounts import consent

AVATAR_FORMATS = {"JPEG", "PNG", "WEBP"}
# Stored pictures are re-encoded at most this size: small, and without the camera's metadata.
AVATAR_STORED_SIDE = 512


def clean_avatar_copy(upload):
    """A re-encoded copy: no EXIF (photos carry GPS positions), upright, at most 512 px."""
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        image.thumbnail((AVATAR_STORED_SIDE, AVATAR_STORED_SIDE))
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, image_format)
    return ContentFile(buffer.getvalue())


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    avatar = forms.ImageField(
        label=_("Picture"),
        required=False,
        help_text=_("JPEG, PNG or WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, profile, **kwargs):
        self.profile = profile
        user = profile.user
        kwargs.setdefault(
            "initial",
            {"first_name": user.first_name, "last_name": user.last_name, "avatar": profile.avatar},
        )
        super().__init__(*args, **kwargs)

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload or upload is True or not hasattr(upload, "image"):
            return upload  # unchanged, or cleared
        limit = settings.ACCOUNTS_AVATAR_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The picture is too large; the limit is %(limit)s.")
                % {"limit": filesizeformat(limit)}
            )
        if upload.image.format not in AVATAR_FORMATS:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP picture."))
        width, height = upload.image.size
        side = settings.ACCOUNTS_AVATAR_MAX_PIXELS
        if width > side or height > side:
            raise forms.ValidationError(
                _("The picture is %(w)s×%(h)s pixels; at most %(side)s×%(side)s, please.")
                % {"w": width, "h": height, "side": side}
            )
        return upload

    def save(self):
        user, profile = self.profile.user, self.profile
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        avatar = self.cleaned_data.get("avatar")
        if avatar is False:  # "clear" ticked
            profile.avatar.delete(save=False)
        elif avatar and hasattr(avatar, "image"):
            profile.avatar.delete(save=False)
            profile.avatar.save(avatar.name, clean_avatar_copy(avatar), save=False)
        profile.save()
        return profile


class CommunicationPreferencesForm(forms.Form):
    newsletter = forms.BooleanField(label=consent.NEWSLETTER_TEXT, required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault("initial", {"newsletter": consent.has_consent(user, consent.NEWSLETTER)})
        super().__init__(*args, **kwargs)

    def save(self, request):
        wanted = self.cleaned_data["newsletter"]
        if wanted == self.initial["newsletter"]:
            return None  # nothing changed, nothing to record
        return consent.record_consent(
            purpose=consent.NEWSLETTER,
            given=wanted,
            text_version=consent.NEWSLETTER_TEXT_VERSION,
            source="profile",
            user=self.user,
            request=request,
        )


class DeleteAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Type your email address to confirm"),
        help_text=_("This cannot be undone."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.strip().lower():
            raise forms.ValidationError(_("That is not the email address of this account."))
        return email
