"""The database engine's spelling vocabulary: `SearchWord`, kept in step with the documents.

Each write of documents changes the counts by the words it adds and removes, in the same
transaction, so the counts stay exact. On PostgreSQL one advisory lock serialises those writes
(two tasks indexing the same new document would otherwise both count its words), and
candidates for a correction come from a trigram index (`pg_trgm`); SQLite reads the words with
the same first letter and a similar length. Either way search/spelling.py picks the word.
"""

from collections import Counter

from django.db import connection, transaction
from django.db.models.functions import Length

from search.models import SearchDocument, SearchWord
from search.spelling import best_candidate, correctable_words, document_words, replace_words

TABLE = SearchWord._meta.db_table
CHUNK = 500
# Any constant: the key of the advisory lock that serialises writes of the vocabulary.
WRITE_LOCK = 7_236_051_911
# Candidates a trigram lookup hands to the edit-distance rule; 0.2 lets one changed letter in
# a four-letter word through ("cafe" and "cake" share a quarter of their trigrams).
TRIGRAM_THRESHOLD = 0.2
TRIGRAM_CANDIDATES = 50


def _is_postgres():
    return connection.vendor == "postgresql"


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def words_of_row(title, keywords, summary):
    return document_words(title, keywords, summary)


def words_of_documents(rows):
    """Counter of word -> documents using it, from SearchDocument rows (unsaved ones too)."""
    counts = Counter()
    for row in rows:
        counts.update(words_of_row(row.title, row.keywords, row.summary))
    return counts


def lock_for_writing():
    """Call inside the transaction that writes documents."""
    if _is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])


def stored_words(keys):
    """Counter of the words the stored documents with these keys use."""
    counts = Counter()
    for chunk in _chunks(keys):
        rows = SearchDocument.objects.filter(key__in=chunk).values_list(
            "title", "keywords", "summary"
        )
        for title, keywords, summary in rows:
            counts.update(words_of_row(title, keywords, summary))
    return counts


def apply_changes(added, removed):
    """Add the `added` counts and take away the `removed` ones; words nobody uses go."""
    delta = Counter(added)
    delta.subtract(removed)
    gained = sorted((word, n) for word, n in delta.items() if n > 0)
    lost = sorted((word, -n) for word, n in delta.items() if n < 0)
    add = f"ON CONFLICT (word) DO UPDATE SET documents = {TABLE}.documents + excluded.documents"
    with connection.cursor() as cursor:
        for chunk in _chunks(gained):
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {TABLE} (word, documents) VALUES {values} {add}",
                [item for pair in chunk for item in pair],
            )
        by_amount = {}
        for word, amount in lost:
            by_amount.setdefault(amount, []).append(word)
        for amount, words in by_amount.items():
            for chunk in _chunks(words):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"UPDATE {TABLE} SET documents = CASE WHEN documents > %s "
                    f"THEN documents - %s ELSE 0 END WHERE word IN ({marks})",
                    [amount, amount, *chunk],
                )
        for chunk in _chunks(word for word, _amount in lost):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {TABLE} WHERE documents = 0 AND word IN ({marks})", chunk)


def replace_all(counts):
    """The whole vocabulary at once (a rebuild), inside the rebuild's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        if _is_postgres():
            with cursor.cursor.copy(f"COPY {TABLE} (word, documents) FROM STDIN") as copy:
                for word, documents in counts.items():
                    copy.write_row([word, documents])
            return
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, documents=n) for word, n in counts.items()], batch_size=CHUNK
    )


def known_words(words):
    return set(SearchWord.objects.filter(word__in=list(words)).values_list("word", flat=True))


def candidates(word):
    """(known word, documents) pairs that may be within reach of `word`."""
    if _is_postgres():
        # set_config(..., true) lasts until the end of the transaction.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
            cursor.execute(
                f"SELECT word, documents FROM {TABLE} WHERE word %% %s AND left(word, 1) = %s "
                f"ORDER BY similarity(word, %s) DESC, documents DESC LIMIT {TRIGRAM_CANDIDATES}",
                [word, word[0], word],
            )
            return cursor.fetchall()
    first = word[0]
    reach = 2  # the most edits a correction may need
    return (
        SearchWord.objects.filter(word__gte=first, word__lt=chr(ord(first) + 1))
        .annotate(length=Length("word"))
        .filter(length__range=(len(word) - reach, len(word) + reach))
        .values_list("word", "documents")
    )


def correction(text):
    """The text with each word the documents do not use replaced by the closest one they do,
    or "" when nothing needs (or can be given) a correction."""
    words = correctable_words(text)
    known = known_words(words)
    unknown = [word for word in words if word not in known]
    replacements = {}
    for word in unknown:
        best = best_candidate(word, candidates(word))
        if best:
            replacements[word] = best
    return replace_words(text, replacements)
