from django.db import models
from django.db.models.functions import Lower


class NewsletterSignup(models.Model):
    """An email address given to a landing page's newsletter block, with the consent shown.

    One row per address (case-insensitive), so a double submit or a second page keeps the first
    sign-up rather than duplicating it."""

    email = models.EmailField()
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page whose form was used.",
    )
    consent_text = models.CharField(
        max_length=300, help_text="The consent statement the person agreed to."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_newsletter_signup_email")
        ]

    def __str__(self):
        return self.email
