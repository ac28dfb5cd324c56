"""Hostile client input: what attackers and broken clients send instead of what forms send."""

from datetime import date

from hypothesis import strategies as st

CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x0b", "\x1b", "\x1f", "\x7f"])
UNICODE_EDGES = st.sampled_from(
    [
        "²",  # superscript two: isdigit() but not a number int() reads
        "١٢٣",  # Arabic-Indic digits
        "\u202eevil",  # right-to-left override
        "e\u0301\u0301\u0301",  # stacked combining accents
        "👩\u200d👩\u200d👧",  # emoji sequence
        "\ufeff",  # byte-order mark
        "\\ud800",  # a lone surrogate, escaped
        "%00",
        "𝟘𝟙",  # mathematical digits
        "ǅ",
    ]
)
NUMBERS = st.sampled_from(
    ["0", "-1", "-99999999999999999999", "99999999999999999999999", "1e309", "NaN", "inf",
     "0x10", "1.5", " 7 ", "+3", "2147483648", "9223372036854775808", "500", "100000"]
)  # fmt: skip
DATES = st.sampled_from(
    [
        date.min.isoformat(),
        date.max.isoformat(),
        "9999-12-30",
        "0001-01-02",
        "2026-02-30",
        "2026-13-01",
        "99999-01-01",
        "-0001-01-01",
        "2026-05-31T25:00",
        "9999-12-31T23:59:59+14:00",
        "0001-01-01T00:00:00-14:00",
    ]
)
WRONG_TYPES = st.sampled_from(["", "[]", "{}", "null", "true", "[1,2]", '{"a":1}', "x" * 5000])
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=30
)


def hostile_value():
    """One parameter value: control characters, edge numbers, dates, unicode, wrong types."""
    plain = st.one_of(TEXT, NUMBERS, DATES, WRONG_TYPES, UNICODE_EDGES)
    with_control = st.builds(lambda a, c, b: f"{a}{c}{b}", plain, CONTROL, plain)
    return st.one_of(plain, with_control)


def hostile_params(names):
    """A query string or form body: known parameter names (some repeated) with hostile values."""
    name = st.one_of(st.sampled_from(names), UNICODE_EDGES, st.builds(lambda c: f"q{c}", CONTROL))
    return st.dictionaries(name, st.one_of(hostile_value(), st.lists(hostile_value(), max_size=3)),
                           max_size=6)  # fmt: skip


def hostile_json():
    """JSON bodies of every shape, so parsers meet arrays, scalars and deep nesting."""
    scalar = st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), TEXT,
        st.floats(allow_nan=False, allow_infinity=False),
    )  # fmt: skip
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(TEXT, NUMBERS), inner, max_size=4),
        ),
        max_leaves=12,
    )
