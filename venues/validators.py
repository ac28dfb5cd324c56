from zoneinfo import available_timezones

from django.core.exceptions import ValidationError


def validate_time_range(opens, closes, field="closes"):
    """Equal times are ambiguous, except 00:00–00:00, which means open all day."""
    if opens is not None and opens == closes and (opens.hour, opens.minute) != (0, 0):
        raise ValidationError(
            {
                field: "Closing time equals opening time. For a range past midnight enter an "
                "earlier closing time (22:00–02:00); for all day enter 00:00–00:00."
            }
        )


def validate_timezone(name):
    # Checked against the installed tz database rather than stored as choices, so a tzdata
    # update never needs a migration.
    if name not in available_timezones():
        raise ValidationError(f"{name!r} is not a time zone name such as Europe/London.")
