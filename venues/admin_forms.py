"""The venue page's admin form: amenities as checkboxes stored as a list."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from .choices import AMENITIES
from .timezones import timezone_choices


class VenuePageForm(WagtailAdminPageForm):
    amenities = forms.MultipleChoiceField(
        choices=AMENITIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everything guests can rely on.",
    )
    timezone = forms.ChoiceField(
        help_text="Opening hours are in this time zone. The venue's country's zones come first.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self.instance.country or "United Kingdom"
        self.fields["timezone"].choices = timezone_choices(country, self.instance.timezone)
