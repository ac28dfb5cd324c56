"""Log filters: keep personal data and secrets out of every log line."""

import logging
import re

_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_SECRET_TOKEN = re.compile(r"\b(sk|rk|whsec|pk)_(live|test)?_?[A-Za-z0-9]{8,}\b")
_SECRET_PAIR = re.compile(
    r"(?i)\b(password|passwd|secret|token|api[_-]?key|authorization|cvc|cvv)(\W{1,3})([^\s,;&'\"]+)"
)


def redact(text: str) -> str:
    """Mask email local parts, card-like numbers, API keys and `password=...` style values."""
    text = _EMAIL.sub(r"\1***@\2", text)
    text = _CARD.sub("[card]", text)
    text = _SECRET_TOKEN.sub("[secret]", text)
    return _SECRET_PAIR.sub(r"\1\2[redacted]", text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites the formatted message so no handler ever sees the raw values."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
