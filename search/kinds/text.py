"""Turning rich content into the plain text a document stores."""

from collections.abc import Sequence

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


def raw_stream_text(raw_blocks):
    """The readable text of a StreamField's stored data, without rendering any block.

    Rendering would load products and venues (and their prices) just to throw them away;
    the stored data already holds every heading, paragraph, caption and answer."""
    return plain_text(" ".join(_strings(raw_blocks)))


# Stored values that are settings, not words a reader sees.
_NOT_TEXT_KEYS = {"type", "id", "level", "url", "page", "button_url", "ends_at"}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT_KEYS:
                yield from _strings(item)
    elif isinstance(value, Sequence):  # lists, and StreamField's RawDataView
        for item in value:
            yield from _strings(item)
