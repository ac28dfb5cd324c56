"""Mailing lists and their subscribers. Consent itself is logged by accounts.consent."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import SuppressedEmail, email_digest, normalise_email


class MailingList(models.Model):
    """A list (or topic) people choose in the preference centre."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_default = models.BooleanField(
        default=False, help_text="New sign-ups from forms without list choice join this list."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def defaults(cls):
        return cls.objects.filter(is_default=True)


class SubscriberQuerySet(models.QuerySet):
    def subscribed(self):
        return self.filter(status=Subscriber.Status.SUBSCRIBED)

    def in_any_list(self, lists):
        return self.filter(lists__in=lists).distinct()

    def not_suppressed(self):
        # The suppression list holds hashes only, so the match is on our stored hash.
        return self.exclude(email_hash__in=SuppressedEmail.objects.values("email_hash"))

    def mailable(self):
        return self.subscribed().not_suppressed()

    def for_email(self, email):
        return self.filter(email_hash=email_digest(email))


class Subscriber(models.Model):
    """One address, its lists and where it stands in the double opt-in."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField()
    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    lists = models.ManyToManyField(MailingList, blank=True, related_name="subscribers")
    source = models.CharField(max_length=64, help_text="Where the address was given.")
    consent_text = models.CharField(max_length=300, blank=True)
    consent_text_version = models.CharField(max_length=32, blank=True)
    signup_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="unique_subscriber_email")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        self.email_hash = email_digest(self.email)
        super().save(*args, **kwargs)

    @property
    def is_subscribed(self):
        return self.status == self.Status.SUBSCRIBED

    def mark_confirmed(self):
        self.status = self.Status.SUBSCRIBED
        self.confirmed_at = self.confirmed_at or timezone.now()
        self.unsubscribed_at = None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def mark_unsubscribed(self):
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])
