"""The cheap gates in front of the extraction regexes never change an answer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_review import config
from incident_review.core.extract import dates
from incident_review.core.extract.lexicon import GatedPattern, Lexicon, fold, literal_prefixes, lowercase_pattern
from incident_review.core.extract.rules import Rules
from incident_review.services.extraction import extractor


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("houses?", {"house"}),
        (r"\bRussia\b", {"Russia"}),
        (re.escape("region adjacent to Crimea"), {"region adjacent to Crimea"}),
        ("apartment (?:building|block)s?", {"apartment "}),
        (r"\b(?:raids?|clash(?:es)?|gun ?battles?)\b", {"raid", "clash", "gun"}),
        ("x(?:y)|z", {"x", "z"}),
        (r"\d+ ?mm shells?", {""}),  # may begin with any digit: no gate
        ("(?:foo)?bar", {""}),  # the group may be absent
        ("(?=x)y", {""}),
        ("[ab]c", {""}),
        (".", {""}),
    ],
)
def test_literal_prefixes(pattern: str, expected: set[str]) -> None:
    assert literal_prefixes(pattern) == expected


def _rules() -> Rules:
    return extractor().rules


def _wording_gates(rules: Rules) -> list[GatedPattern]:
    """The gated patterns of event wording and the casualty statistics (searched in folded text)."""
    w = rules.event_wording
    return [w.reaction, w.damage_context, w.habitual, w.policy, w.country_wide, rules.cumulative]


def _lexicon_words() -> list[str]:
    """Words the configured lexicons are made of, in odd cases and with the code points
    that case-insensitive matching equates with ASCII letters (ı, ſ, İ)."""
    rules = _rules()
    words: list[str] = []
    for lexicon in (rules.weapons, rules.damage, rules.weapon_types, rules.casualty_words, rules._actor_lexicon):
        for entry in lexicon.entries:
            words.extend(entry.prefixes)
    for gated in (*(p for _, p in rules.speakers), *_wording_gates(rules)):
        words.extend(gated._entry.prefixes)
    words += ["S-300", "Kh-101", "155mm shells", "Houses", "HOMES", "ſtores", "mıssiles", "İnjured", "drones"]
    return words


texts = st.lists(
    st.one_of(st.sampled_from(_lexicon_words()), st.text(max_size=6), st.sampled_from([" ", ", ", "-", "'s ", "\n"])),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_a_lexicon_offers_every_entry_that_matches(text: str) -> None:
    rules = _rules()
    lexicons: list[Lexicon] = [
        rules.weapons,
        rules.damage,
        rules.weapon_types,
        rules.casualty_words,
        rules.gazetteer.descriptors,
        rules._actor_lexicon,
        rules.local_officials_gate,
        *(r.any for r in rules.event_rules if r.any is not None),
        *(gate for _, _, gate, _, _, _ in rules.place_roles._roles if gate is not None),
    ]
    for lexicon in lexicons:
        offered = {id(pattern.pattern) for _, pattern in lexicon.candidates(text)}
        haystack = fold(text) if lexicon.ignore_case else text
        matching = {id(e.pattern) for e in lexicon.entries if e.pattern.search(haystack)}
        assert matching <= offered, text


@settings(max_examples=300, deadline=None)
@given(texts)
def test_prefixed_patterns_find_what_their_patterns_find(text: str) -> None:
    """Tried only where a prefix occurs, each lexicon entry, actor and speaker finds the
    same matches as its bare pattern's search and finditer, in the same order."""
    rules = _rules()
    lexicons: list[Lexicon] = [rules.weapons, rules.damage, rules.weapon_types, rules.gazetteer.descriptors]
    prefixed = [p for lexicon in lexicons for p in lexicon._prefixed]
    prefixed += [a.pattern for a in rules.actors] + [p for _, p in rules.speakers] + _wording_gates(rules)
    for haystack in (text, fold(text)):
        for p in prefixed:
            found, bare = p.search(haystack), p.pattern.search(haystack)
            assert (found and found.span()) == (bare and bare.span()), (p.pattern.pattern, haystack)
            assert [m.span() for m in p.finditer(haystack)] == [m.span() for m in p.pattern.finditer(haystack)]


date_words = st.sampled_from(
    [
        "yesterday",
        "Yesterday",
        "today",
        "this morning",
        "tonight",
        "overnight",
        "last night",
        "early hours",
        "three days ago",
        "5 days ago",
        "on Monday",
        "last Friday",
        "from Monday to Tuesday",
        "earlier this week",
        "last week",
        "earlier this month",
        "last month",
        "in March",
        "in May 2023",
        "last year",
        "in 2022",
        "May 3",
        "3 May",
        "2023-05-26",
        "March 14, 2024",
        "Sunday night",
        "the day before yesterday",
        "YESTERDAY",
        "yeſterday",
        "Monday",
        "may",
        "weeks",
        "months",
        "years",
    ]
)
date_texts = st.lists(st.one_of(date_words, st.text(max_size=5), st.just(" ")), max_size=8).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(date_texts, st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))))
def test_date_gates_never_skip_a_finder_that_would_answer(text: str, published: dt.date | None) -> None:
    ungated = next((found for finder, _, _ in dates._FINDERS if (found := finder(text, published))), None)
    assert dates.find_date(text, published) == ungated


def _case_insensitive_patterns() -> list[str]:
    """Every pattern the rules match in any case, as written in config/."""
    extraction, actors = config.extraction(), config.actors()
    casualties = extraction.casualties
    groups = [
        extraction.triggers,
        casualties["zero"],
        casualties["killed"],
        casualties["wounded"],
        casualties["missing"],
        *extraction.weapons.values(),
        *extraction.damage.values(),
        *extraction.weapon_fallbacks.values(),
        *(a["patterns"] for a in actors.actors.values()),
        *actors.speakers.values(),
        extraction.event_wording["damage_verbs"],  # searched folded (finders._find_damage)
    ]
    return [p for group in groups for p in group] + [
        r["when"]["any"] for r in extraction.event_types if "any" in r["when"]
    ]


# Words of the patterns in every case, and the characters whose case rules are special:
# dotted and dotless i, long s, the Kelvin sign, final sigma, the ligature ﬀ.
case_texts = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Russian forces",
                "RUSSIAN",
                "ruſſian",
                "İnjured",
                "kıll",
                "\u212aILLED",
                "Σ",
                "ς",
                "ﬀ",
                "Shelling",
                "DRONE",
                "no casualties",
                "Moscow's",
                "the Kremlin",
                "struck",
                "-",
                "'",
                " ",
            ]
        ),
        st.text(max_size=4),
    ),
    max_size=10,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(case_texts)
def test_lowercase_patterns_over_folded_text_match_where_ignorecase_matches(text: str) -> None:
    """The rules search lowercase patterns in folded text for speed; every match (its
    span) must be the one the case-insensitive pattern finds in the text as written."""
    folded = fold(text)
    assert len(folded) == len(text)  # spans found in the folded text hold in the original
    for source in _case_insensitive_patterns():
        written = re.compile(source, re.IGNORECASE)
        lowered = re.compile(lowercase_pattern(source))
        assert [m.span() for m in lowered.finditer(folded)] == [m.span() for m in written.finditer(text)], source


def test_lowercase_pattern_keeps_escapes() -> None:
    assert (
        lowercase_pattern(r"\bRussian\S+\W[A-Z](?P<killed>Dead)(?P=killed)")
        == r"\brussian\S+\W[a-z](?P<killed>dead)(?P=killed)"
    )


@settings(max_examples=300, deadline=None)
@given(texts)
def test_gated_patterns_answer_as_their_patterns(text: str) -> None:
    """The trigger and the tail connector answer behind their gates as the bare patterns."""
    rules = _rules()
    for gated, haystack in ((rules.trigger, fold(text)), (rules.tail_connector, text)):
        found, bare = gated.search(haystack), gated.pattern.search(haystack)
        assert (found and found.span()) == (bare and bare.span()), text


@pytest.mark.parametrize(
    "text",
    [
        "The strike came days after the raid.",
        "It FOLLOWED an attack",
        "nothing here",
        "Strikes on Kyiv",
        "air-strikes",
        "ſtrike",
        # The match begins at a later occurrence of a prefix than the first (the commas).
        "In Sumy, Kharkiv and Odesa, two days after the raid, it came a day after",
        "İstanbul, the shelling, which came hours after",
    ],
)
def test_gated_patterns_on_examples(text: str) -> None:
    rules = _rules()
    for gated, haystack in ((rules.trigger, fold(text)), (rules.tail_connector, text)):
        found, bare = gated.search(haystack), gated.pattern.search(haystack)
        assert (found and found.span()) == (bare and bare.span())


def test_word_start_keys_only_for_patterns_that_begin_at_a_word() -> None:
    from incident_review.core.extract.lexicon import starts_a_word

    assert starts_a_word(r"(?<![\w-])(?:houses?|homes?)(?![\w-])", {"house", "home"})
    assert not starts_a_word(r"(?<![\w-])S-300|S-400", {"S-300", "S-400"})  # the lookbehind binds one branch
    assert not starts_a_word(r"\b-foo", {"-foo"})  # \b before a non-word character: a word character precedes
    assert not starts_a_word(r"(?<![\w-])ab", {"ab"})  # shorter than a key
    assert not starts_a_word(r"houses?", {"house"})


word_texts = st.text(alphabet="aZ1_’'.- éÉЖж\u212aKk\n,(", max_size=16)


@settings(max_examples=500, deadline=None)
@given(word_texts)
def test_capitalised_words_are_the_regex_spans(text: str) -> None:
    from incident_review.core.extract import places

    assert places.capitalised_words(text) == [m.span(1) for m in places._CAPITALISED.finditer(text)]


month_texts = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "31 December",
                "1 January",
                "Dec",
                "Sept",
                "May",
                "2023",
                "/",
                " to ",
                "-",
                "the night of",
                "14th of",
                "Jan.",
                "June",
            ]
        ),
        st.text(max_size=3),
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(month_texts, st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31))))
def test_range_across_months_gate_skips_no_range(text: str, published: dt.date | None) -> None:
    """A range across months is sought only where two months are named: never one lost."""
    ungated = [m.span() for m in dates._DMY_DMY.finditer(text)]
    if ungated:
        assert len(dates._MONTH_WORD.findall(text)) >= 2, text
    assert [(c.start, c.end) for c in dates._dmy_dmy(text, published)] == [
        (c.start, c.end) for c in _dmy_dmy_ungated(text, published)
    ]


def _dmy_dmy_ungated(text: str, published: dt.date | None) -> list[dates._Candidate]:
    saved = dates._MONTH_WORD
    try:
        dates._MONTH_WORD = re.compile(r"(?:)")  # an empty match everywhere: the gate always passes
        return list(dates._dmy_dmy(text + "", published))
    finally:
        dates._MONTH_WORD = saved


class _Open:
    def any(self, text: str) -> bool:
        return True


role_texts = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "fired from",
                "launched",
                "took off from",
                "visited",
                "landed in",
                "taken to a hospital in",
                "the cruiser",
                "the",
                "man from",
                "over",
                "Kharkiv",
                ",",
                ".",
            ]
        ),
        st.text(max_size=3),
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(role_texts, role_texts)
def test_place_role_gates_change_no_role(before: str, after: str) -> None:
    roles = _rules().place_roles
    text = f"{before} Kharkiv{after}"
    start = len(before) + 1
    gated = [roles.role(text, start, start + 7, kind) for kind in ("town", "admin1")]
    saved = roles._roles
    try:
        # (_Open stands in for the gate Lexicon: it lets every sentence through.)
        roles._roles = [
            (n, b, _Open() if g is not None else None, a, both, k)  # type: ignore[misc]
            for n, b, g, a, both, k in saved
        ]
        assert [roles.role(text, start, start + 7, kind) for kind in ("town", "admin1")] == gated, text
    finally:
        roles._roles = saved


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="Ks’'\n -", max_size=8))
def test_strip_possessive_is_the_regex(name: str) -> None:
    from incident_review.core.extract import places

    assert places._strip_possessive(name) == places._POSSESSIVE.sub("", name)
