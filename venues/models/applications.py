"""Applications to list a venue, and who manages which venue once one is approved."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from wagtail.search import index


class VenueApplication(index.Indexed, models.Model):
    """A "List your venue" request, reviewed by staff in the Wagtail admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    business_name = models.CharField(max_length=120)
    category = models.ForeignKey(
        "venues.VenueCategory", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField("About the venue", max_length=1500)
    street_address = models.CharField(max_length=200)
    city = models.CharField(max_length=80)
    postcode = models.CharField(max_length=20)
    website = models.URLField(blank=True)
    contact_name = models.CharField(max_length=120)
    email = models.EmailField(help_text="The provider account is created for this address.")
    phone = models.CharField(max_length=40)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(
        blank=True, max_length=1000, help_text="Sent to the applicant when rejecting."
    )
    venue = models.OneToOneField(
        "venues.VenuePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )

    search_fields = [
        index.SearchField("business_name"),
        index.SearchField("email"),
        index.SearchField("city"),
        index.AutocompleteField("business_name"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            # One open application per address: a second one would be reviewed twice.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending"),
                name="venues_one_pending_application_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.business_name} ({self.city})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class VenueManager(models.Model):
    """The provider account that manages a venue: one venue per provider, enforced here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="managed_venue"
    )
    venue = models.ForeignKey("venues.VenuePage", on_delete=models.CASCADE, related_name="managers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "venue manager"

    def __str__(self):
        return f"{self.user} manages {self.venue}"
