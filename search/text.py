"""Free-text helpers for the database engine: query parsing (SQLite) and highlighting."""

import re
from dataclasses import dataclass, field

from django.utils.html import escape

TOKEN = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')
STOP_WORDS = {"or", "and", "the", "a", "an", "of", "in", "on", "to", "for"}
SNIPPET_CHARS = 180


@dataclass
class ParsedText:
    """Web-search syntax reduced to what simple matching can do: terms, phrases, exclusions."""

    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.required or self.excluded)


def parse_web_search(text):
    parsed = ParsedText()
    for match in TOKEN.finditer(text or ""):
        negated = match.group(1) or match.group(3)
        phrase = match.group(2) or match.group(4)
        phrase = " ".join(re.sub(r"[^\w\s'-]", " ", phrase).split())
        if not phrase or phrase.lower() in STOP_WORDS:
            continue
        (parsed.excluded if negated else parsed.required).append(phrase)
    return parsed


def _word_pattern(terms):
    # A term matches words starting with it, so "candle" marks "candles" as a stemmer would.
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text, terms, chars=SNIPPET_CHARS):
    """An escaped snippet of `text` around the first match, matches wrapped in <mark>."""
    if not text or not terms:
        return ""
    pattern = _word_pattern(terms)
    first = pattern.search(text)
    if not first:
        return ""
    start = max(0, first.start() - chars // 3)
    if start:
        start = text.rfind(" ", 0, start) + 1
    end = min(len(text), start + chars)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    snippet = text[start:end]
    marked = []
    position = 0
    for match in pattern.finditer(snippet):
        marked.append(escape(snippet[position : match.start()]))
        marked.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    marked.append(escape(snippet[position:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(marked) + suffix
