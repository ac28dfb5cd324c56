"""Address labels in the words of the shop's country (SHOP_COUNTRY).

Oscar's labels are American ("State/County", "Post/Zip-code"); every address form a shopper
fills in (checkout, address book) gets its country's words from here.
"""

from django.conf import settings

ADDRESS_LABELS = {
    "GB": {
        "line1": "Address line 1",
        "line2": "Address line 2",
        "line3": "Address line 3",
        "line4": "Town or city",
        "state": "County",
        "postcode": "Postcode",
    },
}


def apply_address_labels(form, country=None):
    labels = ADDRESS_LABELS.get(country or settings.SHOP_COUNTRY, {})
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
