"""The venue page's admin form: amenities as checkboxes stored as a list."""

from zoneinfo import available_timezones

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from .choices import AMENITIES


class VenuePageForm(WagtailAdminPageForm):
    amenities = forms.MultipleChoiceField(
        choices=AMENITIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everything guests can rely on.",
    )
    timezone = forms.ChoiceField(
        choices=lambda: sorted((name, name.replace("_", " ")) for name in available_timezones()),
        help_text="Opening hours are in this time zone.",
    )
