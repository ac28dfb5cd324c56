"""Turning rich content into the plain text a document stores."""

from django.utils.html import strip_tags
from django.utils.text import Truncator


def plain_text(html):
    return " ".join(strip_tags(html or "").split())


def summarise(text, words=40):
    return Truncator(plain_text(text)).words(words, truncate="…")


def stream_text(stream_value):
    """The readable text of a StreamField value, block by block."""
    if not stream_value:
        return ""
    return plain_text(" ".join(str(block.render()) for block in stream_value))
