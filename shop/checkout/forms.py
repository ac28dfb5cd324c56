"""Checkout forms: Oscar's, with the shop country's address labels, and the booker's details."""

from django import forms
from django.conf import settings
from oscar.apps.checkout import forms as core
from phonenumber_field.formfields import PhoneNumberField

from shop.address_labels import apply_address_labels

GatewayForm = core.GatewayForm
ShippingMethodForm = core.ShippingMethodForm


class ShippingAddressForm(core.ShippingAddressForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_address_labels(self)


class BookerDetailsForm(forms.Form):
    """Who comes to the appointment, so the provider can greet and call them."""

    name = forms.CharField(
        label="Your name", max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneNumberField(
        label="Phone number",
        region=settings.PHONENUMBER_DEFAULT_REGION,
        help_text="The venue calls this number if your appointment has to change.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Please tell us your name.")
        return name
