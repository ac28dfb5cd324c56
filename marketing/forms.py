from django import forms
from django.db import IntegrityError, transaction

from .models import NewsletterSignup


class NewsletterSignupForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    consent = forms.BooleanField(
        required=True, error_messages={"required": "Tick the box to agree to the emails."}
    )
    consent_text = forms.CharField(max_length=300, widget=forms.HiddenInput)

    def __init__(self, *args, consent_texts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_texts = list(consent_texts)

    def clean_consent_text(self):
        # Only a statement the page really shows may be stored as what was agreed to.
        text = self.cleaned_data["consent_text"]
        if text not in self.consent_texts:
            raise forms.ValidationError("This sign-up form has changed; reload the page.")
        return text

    def save(self, source_page=None, ip_address=None):
        """The existing sign-up for this address, or a new one; never two rows."""
        email = self.cleaned_data["email"].strip()
        existing = NewsletterSignup.objects.filter(email__iexact=email).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return NewsletterSignup.objects.create(
                    email=email,
                    source_page=source_page,
                    consent_text=self.cleaned_data["consent_text"],
                    ip_address=ip_address or None,
                )
        except IntegrityError:  # the same address, submitted twice at once
            return NewsletterSignup.objects.get(email__iexact=email)
