"""Automatic checks on a review's text: publish it, or hold it for a Moderator and say why."""

import re
from functools import cache
from pathlib import Path

from django.conf import settings

LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|org|co\.uk|io|ly|info|biz)\b)", re.I)
WORD = re.compile(r"[a-z']+")


@cache
def blocked_words() -> frozenset[str]:
    """The profanity list: one lower-case word a line, `#` for comments."""
    text = (Path(__file__).with_name("blocked_words.txt")).read_text()
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def reasons_to_hold(title: str, body: str) -> list[str]:
    """Why a review must wait for a Moderator; empty when it may be published at once."""
    reasons = []
    if len(body.strip()) < settings.REVIEWS_AUTO_PUBLISH_MIN_LENGTH:
        reasons.append("very short")
    text = f"{title}\n{body}"
    if LINK.search(text):
        reasons.append("contains a link")
    if blocked_words() & set(WORD.findall(text.lower())):
        reasons.append("contains a blocked word")
    return reasons
