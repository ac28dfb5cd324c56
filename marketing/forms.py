from django import forms

from accounts import consent

from .models import MailingList
from .subscriptions import subscribe


class SignupForm(forms.Form):
    """The footer's sign-up: an address and the site's standard consent statement."""

    email = forms.EmailField(label="Email address", max_length=254)
    consent = forms.BooleanField(
        label=consent.NEWSLETTER_TEXT,
        required=True,
        error_messages={"required": "Tick the box to agree to the emails."},
    )

    def save(self, request, source="footer"):
        return subscribe(
            self.cleaned_data["email"],
            source=source,
            consent_text=consent.NEWSLETTER_TEXT,
            user=request.user if request.user.is_authenticated else None,
            request=request,
        )


class NewsletterSignupForm(forms.Form):
    """A landing page's newsletter block: the consent statement is the block's own wording."""

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

    def save(self, source_page=None, request=None):
        """Starts the double opt-in; the same address twice keeps one subscriber."""
        source = f"landing:{source_page.slug}" if source_page is not None else "landing"
        user = getattr(request, "user", None)
        return subscribe(
            self.cleaned_data["email"],
            source=source,
            consent_text=self.cleaned_data["consent_text"],
            user=user if user is not None and user.is_authenticated else None,
            request=request,
        )


class PreferencesForm(forms.Form):
    lists = forms.ModelMultipleChoiceField(
        queryset=MailingList.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Send me",
        help_text="Untick every list to stop all newsletters.",
    )
