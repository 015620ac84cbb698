"""``duplicates --format yaml`` is written line by line: it must read back as the data,
and be what PyYAML itself writes."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_review.services.pairs_yaml import document


@dataclass
class _Pair:
    a: str
    b: str
    score: float
    components: dict[str, float] = field(default_factory=dict)


def _as_data(pairs: list[_Pair], clusters: list[list[str]], split: list[_Pair]) -> dict[str, object]:
    return {
        "pairs": [
            {"a": p.a, "b": p.b, "score": p.score, "components": dict(sorted(p.components.items()))} for p in pairs
        ],
        "clusters": clusters,
        "split": [{"a": p.a, "b": p.b, "score": p.score} for p in split],
    }


_ids = st.one_of(
    st.text(),  # anything a dataset's id column may hold: quotes, colons, newlines, 'yes', '1.5'
    st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,12}", fullmatch=True),  # the plain-written kind
)
_scores = st.floats(allow_nan=False) | st.integers(-5, 5)
_pairs = st.builds(
    _Pair, _ids, _ids, _scores, st.dictionaries(st.sampled_from(["place", "date", "km", "text"]), _scores)
)


@settings(deadline=None)  # the first examples pay PyYAML's cold start
@given(st.lists(_pairs, max_size=4), st.lists(st.lists(_ids, max_size=3), max_size=3), st.lists(_pairs, max_size=2))
def test_reads_back_as_the_data_and_is_what_pyyaml_writes(
    pairs: list[_Pair], clusters: list[list[str]], split: list[_Pair]
) -> None:
    text = "".join(document(pairs, clusters, split))
    data = _as_data(pairs, clusters, split)
    assert yaml.safe_load(text) == data
    if not any(c in s for s in _strings(data) for c in "\n\r\x85\u2028\u2029"):  # those: one quoted line
        assert text == yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1 << 30)


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in _strings(k) + _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def test_ids_yaml_would_misread_stay_the_strings_they_are() -> None:
    """Ids that look like other types, span lines or carry YAML syntax."""
    odd = ["yes", "1.5", "null", "2020-01-01", "a\nb", "a\n\nb", "é\u2028", " lead", "x # y", "- x", "k: v", "t\tab"]
    pairs = [_Pair(a, b, 0.7, {"km": 1e-05}) for a, b in zip(odd, reversed(odd), strict=True)]
    text = "".join(document(pairs, [odd], pairs[:2]))
    assert yaml.safe_load(text) == _as_data(pairs, [odd], pairs[:2])


def test_numbers_equal_in_value_are_each_written_as_themselves() -> None:
    """Numbers are remembered by value: 0.0 and -0.0, 1 and 1.0 are equal keys, yet each
    is written as PyYAML writes it, however often and in whatever order they come."""
    values = {"a": 0.0, "b": -0.0, "c": 1, "d": 1.0, "e": 0.25, "f": -0.0}
    pairs = [_Pair("x", "y", s, values) for s in (1.0, 1, -0.0, 0.0, 0.25)]
    text = "".join(document(pairs, [], pairs[:2]))
    assert text == yaml.safe_dump(_as_data(pairs, [], pairs[:2]), sort_keys=False, allow_unicode=True, width=1 << 30)
    assert "  score: 1\n" in text and "  score: 1.0\n" in text and "    b: -0.0\n" in text
