"""The filter bar's language (core/filter_text.py): the words the list shows, comparisons,
errors of one line, and words to search that can never be FTS5 syntax."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_review.core.filter_text import (
    FILTER_KEYS,
    FilterSyntaxError,
    describe_filter,
    parse_filter,
    with_value,
)
from incident_review.core.labels import SHORT_TYPES, STATUS_LABELS
from incident_review.core.model import STATUSES
from incident_review.core.query import IncidentFilter, Range


def test_the_status_column_words_filter_on_their_status() -> None:
    for status in STATUSES:
        shown = STATUS_LABELS.get(status, status)
        assert parse_filter(f"status:{shown}").statuses == (status,)
        assert parse_filter(f"status:{status}").statuses == (status,)
    assert parse_filter("status:new,FOLLOW-UP,follow_up").statuses == ("unreviewed", "needs_follow_up")


def test_the_type_column_words_filter_on_the_full_type() -> None:
    for full, short in SHORT_TYPES.items():
        assert parse_filter(f"type:{short}").event_type == full
        assert parse_filter(f"type:{short.lower()}").event_type == full
    assert parse_filter('type:"Air/drone strike"').event_type == "Air/drone strike"
    assert parse_filter("type:Battles").event_type == "Battles"  # any other type: as typed


def test_place_and_its_other_name() -> None:
    assert parse_filter("place:Dnipro") == parse_filter("location:Dnipro") == IncidentFilter(place="Dnipro")
    assert parse_filter('place:"Kharkiv Oblast" admin1:Kharkiv').place == "Kharkiv Oblast"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killed>0", Range(1, None)),
        ("killed>=5", Range(5, None)),
        ("killed<3", Range(None, 2)),
        ("killed<=3", Range(None, 3)),
        ("killed:3", Range(3, 3)),
        ("killed=3", Range(3, 3)),
        ("killed:3-10", Range(3, 10)),
        ("killed:3..10", Range(3, 10)),
        ("killed:5+", Range(5, None)),
        ("killed:>5", Range(6, None)),
        ("killed:?", Range(unknown=True)),
        ("k>0 killed<=9", Range(1, 9)),  # two terms: both hold
    ],
)
def test_counts_compare(text: str, expected: Range) -> None:
    assert parse_filter(text).killed == expected


def test_wounded_and_sources_compare_too() -> None:
    f = parse_filter("wounded>=5 src>1")
    assert (f.wounded, f.sources) == (Range(5, None), Range(2, None))
    assert parse_filter("w:0").wounded == Range(0, 0)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("date:2024-02-10", dt.date(2024, 2, 10), dt.date(2024, 2, 10)),
        ("date:2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("date:2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("date:2024-01..2024-03", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("date:2024-01..", dt.date(2024, 1, 1), None),
        ("date>2024-01", dt.date(2024, 2, 1), None),
        ("date>=2024-01", dt.date(2024, 1, 1), None),
        ("date<2024-01", None, dt.date(2023, 12, 31)),
        ("date<=2024-01", None, dt.date(2024, 1, 31)),
        ("from:2024-01-01 to:2024-03-31", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("from:2024-01-01 date>=2024-02-01", dt.date(2024, 2, 1), None),  # the narrower holds
    ],
)
def test_dates_compare_at_any_precision(text: str, first: dt.date | None, last: dt.date | None) -> None:
    f = parse_filter(text)
    assert (f.date_from, f.date_to) == (first, last)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("status:bogus", ["status", "'bogus' is not one of new, confirmed, rejected, follow-up"]),
        ("grade:great", ["grade", "'great'", "fair", "weak"]),
        ("killd>0", ["unknown filter field 'killd'", "killed", "place", "status"]),
        ("summary:clinic", ["unknown filter field 'summary'", '"summary:clinic"']),
        ("killed>many", ["killed", "'many'", "killed>0", "killed:3-10"]),
        ("killed:10-3", ["killed", "backwards"]),
        ("killed:99999999999", ["killed", "not a count"]),
        ("status>new", ["status takes ':'", "'>'"]),
        ("killed!=3", ["unknown comparison '!='"]),
        ("date:2024-13", ["date", "'2024-13'", "date:2024-01-31"]),
        ("date:..", ["date", "names no date"]),
        ("from>2024-01-01", ["from takes ':'"]),
        ("country:Ukraine", ["country", "'Ukraine'", "country:UA"]),
        ("status:new status:confirmed", ["status is given twice", "status:a,b"]),
        ("admin1:", ["admin1: needs a value"]),
        ('admin1:"Kharkiv', ["quote is left open"]),
        ("killed:? killed>0", ["? (no figure) and a number"]),
        ("date:9999-12-31 date>9999-12-31", ["no date after 9999-12-31"]),
    ],
)
def test_a_filter_it_cannot_read_is_one_line_naming_what_is_wrong(text: str, said: list[str]) -> None:
    with pytest.raises(FilterSyntaxError) as caught:
        parse_filter(text)
    message = str(caught.value)
    assert "\n" not in message
    for part in said:
        assert part in message, (text, message)


def test_words_to_search_are_fts5_strings_never_syntax() -> None:
    assert parse_filter("clinic strike").search == '"clinic" "strike"'
    assert parse_filter("Kharkiv's").search == '"Kharkiv\'s"'  # an apostrophe is text
    assert parse_filter('"10:30" "two words"').search == '"10:30" "two words"'
    assert parse_filter("clin* a OR b NOT c").search == '"clin"* "a" OR "b" NOT "c"'
    # An operator with no word on one side is a word itself.
    assert parse_filter("OR x AND").search == '"OR" "x" "AND"'
    assert parse_filter("* - ( )").search == '"-" "(" ")"'
    assert parse_filter('say "a ""b"').search == '"say" "a b"'
    assert parse_filter("").search is None


def test_flags_and_fields_are_not_searched_for() -> None:
    f = parse_filter("dup contested status:new strike")
    assert (f.has_duplicates, f.contested, f.statuses, f.search) == (True, True, ("unreviewed",), '"strike"')
    assert parse_filter('"dup"').search == '"dup"'  # quoted: a word after all


def test_the_bar_reads_its_own_text_back() -> None:
    f = IncidentFilter(
        statuses=("unreviewed", "needs_follow_up"),
        grades=("fair",),
        country="UA",
        admin1="Kharkiv Oblast",
        place="Dnipro",
        event_type="Shelling/artillery/missile attack",
        ids=("INC-000001", "INC-000002"),
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 3, 31),
        killed=Range(1, None),
        wounded=Range(3, 10),
        sources=Range(None, 2),
        actor="Russian forces",
        outlet="Al Jazeera",
        has_duplicates=True,
        contested=True,
        search='"clinic" "OR" "status:new" OR "a b"* "dup"',
    )
    text = describe_filter(f)
    assert "status:new,follow-up" in text and "type:Shelling" in text and "killed>0" in text
    assert parse_filter(text) == f
    assert describe_filter(IncidentFilter(killed=Range(unknown=True))) == "killed:?"


def test_a_value_picked_replaces_what_the_filter_said_of_it() -> None:
    f = parse_filter("status:new,confirmed admin1:X killed>0")
    assert with_value(f, "status", "rejected").statuses == ("rejected",)
    picked = with_value(f, "admin1", "Kharkiv Oblast")
    assert (picked.admin1, picked.killed, picked.statuses) == ("Kharkiv Oblast", Range(1), f.statuses)
    assert with_value(f, "type", "Air/drone strike").event_type == "Air/drone strike"
    assert with_value(f, "actor", "Wagner").actor == "Wagner"


# ------------------------------------------------------------ whatever is typed

_KEYS = sorted(FILTER_KEYS)
# Text made of the language's own pieces (keys, comparisons, quotes, flags, operators,
# numbers, dates) as well as anything at all.
_PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from([*_KEYS, ":", "=", ">", ">=", "<", "<=", "!", '"', " ", "..", "-", "+", "*", "?", ","]),
    st.sampled_from(["dup", "contested", "AND", "OR", "NOT", "new", "follow-up", "Shelling", "2024-02", "3-10"]),
    st.integers(-5, 10**12).map(str),
)
_TYPED = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TYPED)
def test_whatever_is_typed_is_a_filter_or_a_filter_error(text: str) -> None:
    try:
        f = parse_filter(text)
    except FilterSyntaxError as exc:
        assert "\n" not in str(exc)
        return
    # What the bar shows for it reads back to the same filter.
    assert parse_filter(describe_filter(f)) == f
