"""Log filters: keep personal data and secrets out of every log line."""

import logging
import re

_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_SECRET_TOKEN = re.compile(r"\b(sk|rk|whsec|pk)_(live|test)?_?[A-Za-z0-9]{8,}\b")
_SECRET_PAIR = re.compile(
    r"(?i)\b(password|passwd|secret|token|api[_-]?key|authorization|cvc|cvv)(\W{1,3})([^\s,;&'\"]+)"
)
# Keys whose whole value is personal data or a credential, whatever it looks like (a postal
# address has no pattern to find).
SENSITIVE_KEY = re.compile(
    r"(?i)(password|passwd|secret|token|api[_-]?key|authorization|cookie|session|csrf|"
    r"email|e_mail|address|line[1-4]|postcode|zip_?code|phone|card|cvc|cvv|iban)"
)
REDACTED = "[redacted]"
# Attributes every LogRecord has; anything else on a record came in through `extra`.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Filters added by the logging config put these on the record; they are not user data.
_OWN_ATTRIBUTES = {"correlation_id", "celery_parent_id", "celery_current_id"}


def redact(text: str) -> str:
    """Mask email local parts, card-like numbers, API keys and `password=...` style values."""
    text = _EMAIL.sub(r"\1***@\2", text)
    text = _CARD.sub("[card]", text)
    text = _SECRET_TOKEN.sub("[secret]", text)
    return _SECRET_PAIR.sub(r"\1\2[redacted]", text)


def redact_value(value, key=None):
    """A copy of a logged (or reported) value with secrets masked: strings through `redact`,
    containers item by item, and the whole value of a sensitive key replaced."""
    if key is not None and isinstance(key, str) and SENSITIVE_KEY.search(key):
        return REDACTED if value not in (None, "", [], {}) else value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_value(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return type(value)(redact_value(item) for item in value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact(str(value))


class RedactSecretsFilter(logging.Filter):
    """Rewrites the message, the traceback, the stack and every `extra` field of a record so
    no handler (text or JSON) ever sees the raw values."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info:
            # Formatters print exc_text when there is no exc_info left to format (the JSON one
            # formats exc_info itself), so the redacted text is all they can show.
            record.exc_text = redact(self._formatter.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name in set(vars(record)) - _STANDARD_ATTRIBUTES - _OWN_ATTRIBUTES:
            setattr(record, name, redact_value(getattr(record, name), name))
        return True
