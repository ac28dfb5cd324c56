"""Spelling correction shared by every engine: which words may be corrected, and to what.

Each engine knows the words of its documents' titles, summaries, categories, tags and search
terms (the database engine keeps them in `SearchWord` with how many documents use each;
Elasticsearch reads them from its `spelling` field). A query word of four letters or more that
the index does not know is replaced by the known word that starts with the same letter and is
the fewest edits away (one edit for words of up to five letters, two for longer ones, as
Elasticsearch's `AUTO` fuzziness), used by the most documents, then first alphabetically.
"""

import re

WORD = re.compile(r"[^\W\d_]+")
# Shorter words are too ambiguous to correct (and the index's own vocabulary skips shorter
# ones: "a", "of"...).
MIN_CORRECTED_LENGTH = 4
MIN_KNOWN_LENGTH = 3
MAX_WORD_LENGTH = 40


def words(text):
    """The lowercased words of a text, in order, repeats included."""
    return [word.lower() for word in WORD.findall(text or "")]


def document_words(*texts):
    """The distinct words a document contributes to the vocabulary."""
    return {
        word
        for text in texts
        for word in words(text)
        if MIN_KNOWN_LENGTH <= len(word) <= MAX_WORD_LENGTH
    }


def correctable_words(text):
    """The distinct query words long enough to be corrected."""
    return list(
        dict.fromkeys(
            word for word in words(text) if MIN_CORRECTED_LENGTH <= len(word) <= MAX_WORD_LENGTH
        )
    )


def max_edits(word):
    return 1 if len(word) <= 5 else 2


def edit_distance(first, second, limit):
    """Optimal string alignment distance (a swap of neighbours is one edit), or limit + 1 when
    it is more than `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_row = None
    row = list(range(len(second) + 1))
    for i, first_char in enumerate(first, 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(second)
        for j, second_char in enumerate(second, 1):
            cost = first_char != second_char
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if (
                before is not None
                and j > 1
                and first_char == second[j - 2]
                and first[i - 2] == second_char
            ):
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return min(row[-1], limit + 1)


def best_candidate(word, candidates):
    """The known word to use for `word`, from (known word, documents using it) pairs, or None."""
    limit = max_edits(word)
    ranked = []
    for known, documents in candidates:
        if known == word or not known or known[0] != word[0]:
            continue
        distance = edit_distance(word, known, limit)
        if distance <= limit:
            ranked.append((distance, -documents, known))
    return min(ranked)[2] if ranked else None


def replace_words(text, replacements):
    """The text with each replaced word swapped in (case-insensitively), or "" if none was."""
    if not replacements:
        return ""

    def swap(match):
        return replacements.get(match.group().lower(), match.group())

    corrected = WORD.sub(swap, text)
    return corrected if corrected.lower() != text.lower() else ""
