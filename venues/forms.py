"""Public forms: the venue listing's filters and the "List your venue" application."""

from django import forms
from django.contrib.auth import get_user_model

from .models import VenueApplication, VenueCategory, VenueManager
from .queries import SORTS, VenueFilters


class VenueFilterForm(forms.Form):
    """GET filters for the venue index; invalid values are reported and then ignored."""

    category = forms.ChoiceField(required=False)
    city = forms.ChoiceField(required=False)
    open_now = forms.BooleanField(required=False, label="Open now")
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False, label="Sort by")
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, categories=(), cities=(), **kwargs):
        """`categories`: (slug, name) pairs; `cities`: names."""
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All categories"), *categories]
        self.fields["city"].choices = [("", "All cities")] + [(city, city) for city in cities]
        for name in ("category", "city", "sort"):
            self.fields[name].widget.attrs["class"] = "custom-select"

    def clean(self):
        data = super().clean()
        if data.get("sort") == "nearest" and (data.get("lat") is None or data.get("lon") is None):
            self.add_error("sort", 'Sorting by distance needs your location: use "Near me" first.')
        return data

    def filters(self) -> VenueFilters:
        if not self.is_bound:
            return VenueFilters()
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = self.cleaned_data
        return VenueFilters(
            category=data.get("category") or "",
            city=data.get("city") or "",
            open_now=bool(data.get("open_now")),
            sort=data.get("sort") or "name",
            latitude=data.get("lat"),
            longitude=data.get("lon"),
        )

    @property
    def is_filtered(self):
        return self.is_bound and any(
            self.cleaned_data.get(name) for name in ("category", "city", "open_now")
        )


class VenueApplicationForm(forms.ModelForm):
    """ "List your venue": business details, contact and where it is."""

    # Left empty by people; bots fill every field.
    nickname = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = VenueApplication
        fields = [
            "business_name",
            "category",
            "description",
            "street_address",
            "city",
            "postcode",
            "website",
            "contact_name",
            "email",
            "phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = VenueCategory.objects.all()
        self.fields["category"].required = True
        self.fields["category"].empty_label = "Choose a category"
        self.fields["email"].help_text = "We send your invitation to this address."
        for name, field in self.fields.items():
            if name != "nickname":
                field.widget.attrs.setdefault("class", "form-control")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if VenueManager.objects.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                "This address already manages a venue, and a provider can manage only one. "
                "Sign in and edit it in the admin, or use another address."
            )
        if VenueApplication.objects.filter(
            email__iexact=email, status=VenueApplication.Status.PENDING
        ).exists():
            raise forms.ValidationError(
                "We already have an application from this address and will reply soon."
            )
        if get_user_model().objects.filter(email__iexact=email, is_staff=True).exists():
            raise forms.ValidationError("Staff accounts cannot become venue providers.")
        return email

    def clean_nickname(self):
        if self.cleaned_data.get("nickname"):
            raise forms.ValidationError("Please leave this field empty.")
        return ""
