"""Integer ids from client input: ASCII digits only.

`str.isdigit()` accepts "²" and `int()` accepts Arabic-Indic digits; neither is an id here.
"""

import re

# At most 18 digits, so any accepted id fits a signed 64-bit column.
ASCII_ID = re.compile(r"\A[0-9]{1,18}\Z")


def parse_id(value) -> int | None:
    """The positive integer written in `value`, or None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    if not isinstance(value, str) or not ASCII_ID.match(value):
        return None
    number = int(value)
    return number if number > 0 else None
