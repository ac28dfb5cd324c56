"""Control characters: never meaningful in a query string or a form field."""

import re

# C0 controls and DEL. Tab, line feed and carriage return are allowed in form bodies
# (textareas send them) but not in query strings, paths or ids.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_CHARACTERS_EXCEPT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str, *, allow_line_breaks=False) -> bool:
    pattern = CONTROL_CHARACTERS_EXCEPT_WHITESPACE if allow_line_breaks else CONTROL_CHARACTERS
    return bool(pattern.search(text))
