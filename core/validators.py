from django.core.exceptions import ValidationError
from django.core.validators import URLValidator


def validate_link(value):
    """A site path such as /shop/ or a full http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a path on this site starting with / (like /shop/) or a full address "
            "starting with https://."
        ) from None
