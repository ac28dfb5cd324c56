"""Profiles, the consent log and the email suppression list."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalise_email(email):
    return (email or "").strip().lower()


def email_digest(email):
    """sha256 of the normalised address: lets us refuse an address without keeping it."""
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def avatar_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"avatars/{instance.user_id}.{extension}"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    avatar = models.ImageField(upload_to=avatar_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"

    @classmethod
    def for_user(cls, user):
        profile, _created = cls.objects.select_related("user").get_or_create(user=user)
        return profile

    def completion_steps(self, *, has_verified_email, has_address):
        """What a complete profile has, each with whether it is done (for the indicator)."""
        return [
            (_("Name"), bool(self.user.first_name and self.user.last_name)),
            (_("Verified email address"), has_verified_email),
            (_("Picture"), bool(self.avatar)),
            (_("Address"), has_address),
        ]


class ConsentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(models.Q(user=user) | models.Q(email=normalise_email(user.email)))

    def latest_for(self, purpose):
        return self.filter(purpose=purpose).order_by("-created_at", "-pk").first()


class ConsentRecord(models.Model):
    """One consent given or withdrawn. Rows are never changed or deleted (except by erasure)."""

    class Action(models.TextChoices):
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consent_records",
    )
    email = models.EmailField(blank=True, db_index=True)
    purpose = models.CharField(max_length=64, db_index=True)
    text_version = models.CharField(max_length=32)
    action = models.CharField(max_length=16, choices=Action.choices)
    source = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(user=None, email=""), name="consent_has_a_subject"
            )
        ]

    def __str__(self):
        return f"{self.purpose} {self.action} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Consent records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Consent records are append-only.")

    @property
    def is_given(self):
        return self.action == self.Action.GIVEN


class SuppressedEmail(models.Model):
    """Addresses that must never be emailed again (erased accounts, hard unsubscribes)."""

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.email_hash[:12]}… ({self.reason})"


class PersonalDataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Export {self.pk} for {self.user_id} ({self.status})"
