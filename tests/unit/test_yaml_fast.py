"""The line reader (core/yaml_lines.py, core/yaml_fast.py) reads every document as the full
parser does: the same values, the same errors at the same lines, whatever it falls back on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_review.core import contract, yaml_fast, yaml_read
from incident_review.core.errors import InputError
from incident_review.core.model import Claim, Note, Source
from incident_review.services.files import Utf8Reader
from tests.unit.test_yaml_stream import SHAPES, _document, _incident, _outcome, _reassembled, _streamed


def _fast(text: str) -> Any:
    """The document as read_parts hands it out, put back together."""
    data = text.encode("utf-8")
    return _reassembled(yaml_fast.read_parts(io.BytesIO(data), "incidents", lambda: io.BytesIO(data)))


def _same(text: str) -> None:
    """The line reader's outcome is the streamed parser's (which is yaml.load's, but for a
    root key given twice: refused; tests/unit/test_yaml_stream.py)."""
    assert _outcome(_fast, text) == _outcome(_streamed, text)


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_every_shape_reads_as_yaml_load_reads_it(text: str) -> None:
    _same(text)


HEAD = "schema: incident-review/2\nexported_at: null\nexported_by: ana\nfilter: {}\nincidents:\n"
ITEM = "- id: INC-1\n  summary: a strike\n  weapons:\n  - drone\n  casualties:\n    killed:\n      low: 1\n"

# Block-style documents a hand (or another tool) may write: the line reader reads some,
# falls back on the rest; either way the values (or the error and its line) are yaml.load's.
LINE_SHAPES = {
    "export": HEAD + ITEM * 3,
    "comment between items": HEAD + ITEM + "# a comment\n" + ITEM,
    "comment inside an item": HEAD + "- id: INC-1  # c\n  summary: x\n  # c\n  weapons: []\n",
    "comment at the end": HEAD + ITEM + "  # the end\n# really\n",
    "comment after the list's key": "schema: x\nincidents: # c\n- a: 1\n",
    "comment in the header": "# head\nschema: x  # c\n\nincidents:\n- a: 1\n",
    "reordered keys": HEAD + "- summary: x\n  id: INC-1\n  weapons: [drone, rocket]\n",
    "flow list in an item": HEAD + "- id: INC-1\n  weapons: [drone,\n    rocket]\n  damage: {a: 1}\n",
    "flow list over a column-0 line": HEAD + "- id: INC-1\n  weapons: [drone,\n- rocket]\n",
    "indented list": "schema: x\nincidents:\n  - a: 1\n    b: 2\n  - a: 3\n",
    "indented list, bad indentation": "schema: x\nincidents:\n  - a: 1\n - a: 3\n",
    "more spaces after a dash": HEAD + "-   id: INC-1\n    b:\n    - x\n",
    "a key after the list": HEAD + ITEM + "other: 1\n",
    "schema after the list": "incidents:\n- a: 1\nschema: x\n",
    "document end": HEAD + ITEM + "...\n",
    "second document": HEAD + ITEM + "---\na: 1\n",
    "document start": "---\n" + HEAD + ITEM,
    "directive": "%YAML 1.1\n---\n" + HEAD + ITEM,
    "empty list": HEAD.replace("incidents:\n", "incidents: []\n"),
    "null list": HEAD,
    "list of scalars": HEAD + "- a\n- 'b'\n- 3\n",
    "dash alone": HEAD + "-\n  a: 1\n- \n",
    "nested dashes": HEAD + "- - a\n  - b\n",
    "folded plain": HEAD + "- summary: a long\n    text over\n    three lines\n  b: 1\n",
    "folded plain that looks like a key": HEAD + "- summary: a long\n    text: here\n",
    "folded plain with a dash": HEAD + "- summary: a long\n    - text\n",
    "folded plain with a comment": HEAD + "- summary: a long\n    # text\n  b: 1\n",
    "single quotes over lines": HEAD + "- q: 'it''s a\n    long one  \n     here '\n  b: 1\n",
    "single quotes with a blank line": HEAD + "- q: 'a\n\n    b'\n",
    "single quotes at column 0": HEAD + "- q: 'a\nb'\n",
    "single quotes over a dash line": HEAD + "- q: 'a\n- b'\n",
    "single quotes unclosed": HEAD + "- q: 'a\n",
    "something after a quote": HEAD + "- q: 'a' b\n",
    "double quotes": HEAD + '- q: "a \\"b\\" \\u263a \\x41 \\t \\\\ \\/ \\N \\_ \\e \\0 # : \'"\n',
    "double quotes over lines": HEAD + '- q: "a\n    b \\\n    c"\n',
    "bad escape": HEAD + '- q: "\\q"\n',
    "surrogate escape": HEAD + '- q: "\\ud800"\n',
    "short escape": HEAD + '- q: "\\u12"\n',
    "colon in plain": HEAD + "- url: http://x.org/a:b\n  t: 14:30\n  k: a:b\n",
    "value ending in a colon": HEAD + "- a: b:\n",
    "value with a colon and space": HEAD + "- a: b: c\n",
    "hash in plain": HEAD + "- a: b#c\n  d: e # comment\n",
    "rich markup": HEAD + "- a: '[bold]x[/bold]'\n  b: '[red]'\n",
    "words that resolve": HEAD + "- a: yes\n  b: No\n  c: ~\n  d: 007\n  e: 0o17\n  f: 1_000\n  g: 1e3\n  h: .NaN\n",
    "dates": HEAD + "- a: 2024-01-01\n  b: 2024-01-01 10:00:00\n  c: 2024-1-1\n  d: 2023-02-30\n",
    "keys that resolve": HEAD + "- yes: 1\n  null: 2\n  1: 3\n",
    "quoted keys": HEAD + "- 'a': 1\n  \"b\": 2\n",
    "merge key": HEAD + "- <<: {a: 1}\n  b: 2\n",
    "duplicate keys in an item": HEAD + "- a: 1\n  b: 2\n  a: 3\n",
    "anchor in an item": HEAD + "- a: &x 1\n",
    "anchor twice across items": HEAD + "- a: &x 1\n- b: &x 2\n",
    "alias": HEAD + "- a: &x 1\n- b: *x\n",
    "tag": HEAD + "- a: !!str 1\n  b: !!binary aGVsbG8=\n",
    "block scalar": HEAD + "- a: |\n    x\n    y\n  b: >-\n    z\n",
    "block scalar keeping blank lines": HEAD + "- a: |+\n    x\n\n- b: 1\n",
    "tab": HEAD + "- a:\tb\n",
    "crlf": (HEAD + ITEM).replace("\n", "\r\n"),
    "line separator": HEAD + "- a: b\u2028c\n",
    "nel": HEAD + "- a: b\x85c\n",
    "control character": HEAD + "- a: b\x07c\n",
    "bom inside": HEAD + "- a: b\ufeffc\n",
    "trailing spaces": HEAD + "- a: b   \n  c:   \n  d: []  \n",
    "spaces-only line": HEAD + "- a: b\n   \n  c: d\n",
    "blank lines between items": HEAD + ITEM + "\n\n" + ITEM + "\n",
    "a list after a scalar": HEAD + "- a: b\n  - c\n",
    "deeper line after a scalar": HEAD + "- a: []\n    b: c\n",
    "bad indentation in an item": HEAD + "- a: 1\n b: 2\n",
    "deeper key after a mapping": HEAD + "- a:\n    b: 1\n      c: 2\n",
    "empty values": HEAD + "- a:\n  b:\n  c:\n    - x\n  d:\n",
    "value on the next line": HEAD + "- a:\n    text\n",
    "dash-like plain": HEAD + "- a: -5\n  b: -x\n  c: ?y\n  d: :z\n  e: - z\n",
    "indicators": HEAD + "- a: '@x'\n  b: '`x'\n  c: '%x'\n  d: '!x'\n  e: '&x'\n  f: '*x'\n  g: '|x'\n",
    "unquoted indicators": HEAD + "- a: @x\n",
    "unicode": HEAD + "- a: Укрінформ 😀\n  b: 'ḿ'\n  c: \u200b\n",
    "no header": "incidents:\n- a: 1\n",
    "header in flow": "{schema: x}\nincidents:\n- a: 1\n",
    "header key twice": "schema: x\nschema: y\nincidents:\n- a: 1\n",
    "list key twice": "incidents:\n- a: 1\nincidents:\n- a: 2\n",
    "list key in the header's flow": "{incidents: []}\nincidents:\n- a: 1\n",
    "merge in the header": "<<: {schema: x}\nincidents:\n- a: 1\n",
    "anchor in the header": "schema: &s x\nincidents:\n- a: 1\n",
    "header quote over the list's key": "schema: 'x\nincidents:\n- a: 1'\n",
    "a root list": "- a\nincidents:\n- a: 1\n",
    "list key with a value": "schema: x\nincidents: 1\n",
    "list key indented": "schema: x\n incidents:\n- a: 1\n",
}


@pytest.mark.parametrize("text", LINE_SHAPES.values(), ids=LINE_SHAPES.keys())
def test_a_block_document_reads_as_yaml_load_reads_it(text: str) -> None:
    _same(text)


def test_a_root_key_given_twice_is_refused_at_its_line() -> None:
    outcome = _outcome(_fast, "schema: x\nincidents:\n- a: 1\nincidents:\n- b: 2\n")
    assert outcome == ("error", "found duplicate key 'incidents'", 3)


# ------------------------------------------------------------ generated documents

AWKWARD = [
    "",
    " ",
    "  lead and trail  ",
    "007",
    "1e3",
    "0x1f",
    "1:30",
    "14:30",
    "yes",
    "No",
    "off",
    "null",
    "~",
    "-",
    "- x",
    "-5",
    "? x",
    ": x",
    "2024-01-01",
    "2024-01-01T10:00:00Z",
    "a: b",
    "a:",
    "a #b",
    "#x",
    "it's",
    "'quoted'",
    '"double"',
    "back\\slash",
    "[bold]markup[/bold]",
    "[red]",
    "{x}",
    "a, b",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "%",
    "@",
    "`",
    "line\nbreak",
    "two\n\nbreaks",
    "trailing\n",
    "\nleading",
    "tab\there",
    "cr\rhere",
    "nel\x85here",
    "ls\u2028here",
    "zero\u200bwidth",
    "rtl \u202e here",
    "Укрінформ",
    "😀",
    "é" * 3,
    "\x07bell",
    "\ufeffbom",
    "x" * 130,
    ("word " * 40).strip(),
    ("it's: a #long, 'quoted' one " * 8).strip(),
]
_CHARS = string.ascii_letters + string.digits + " -:#'\"\\[]{},&*!|>%@`?\n\t.é😀\u200b"
TEXT = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(alphabet=_CHARS, max_size=160),
    st.lists(st.sampled_from(AWKWARD), min_size=2, max_size=4).map(" ".join),
)
KEY = st.sampled_from(["id", "a", "b_2", "notes", "yes", "null", "on", "x y", "1", "<<", "="])
SCALAR = st.one_of(
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, width=64),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEY, inner, max_size=4)),
    max_leaves=12,
)
DUMPERS = [yaml.SafeDumper, getattr(yaml, "CSafeDumper", yaml.SafeDumper)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(st.dictionaries(KEY, VALUE, min_size=1, max_size=6), max_size=4),
    width=st.sampled_from([20, 40, 100, 1000]),
    indent=st.sampled_from([2, 4]),
    unicode=st.booleans(),
    dumper=st.sampled_from(DUMPERS),
)
def test_any_dumped_document_reads_as_yaml_load_reads_it(
    items: list[dict[str, Any]], width: int, indent: int, unicode: bool, dumper: Any
) -> None:
    text = yaml.dump(
        {"schema": "x", "incidents": items},
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=unicode,
        width=width,
        indent=indent,
        default_flow_style=False,
    )
    _same(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXT, min_size=8, max_size=8), numbers=st.lists(st.integers(0, 10**6), min_size=2, max_size=2))
def test_an_export_with_awkward_strings_reads_as_yaml_load_reads_it(texts: list[str], numbers: list[int]) -> None:
    inc = dataclasses.replace(
        _incident(numbers[0]),
        summary=texts[0],
        location=texts[1],
        admin1=texts[2],
        weapons=[texts[3], "drone"],
        attribution=[Claim(texts[4] or "x", "perpetrator", "reported", texts[5], None)],
        sources=[Source("R-1", texts[6], texts[7], dt.date(2023, 1, 2), texts[0] + texts[7])],
        notes=[Note("ana", "2024-01-02T03:04:05Z", texts[5] + "\n" + texts[2])],
    )
    parts: list[str] = []
    contract.write_document(parts.append, contract.header(texts[1], {"text": texts[3]}, None), [inc, _incident(2)])
    _same("".join(parts))


# ------------------------------------------------------------ the fast path is taken, errors are the same


def test_an_export_is_read_from_its_lines_without_falling_back(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    full = yaml_read.read_items

    def counted(stream: Any, key: str) -> Any:
        calls.append(1)
        return full(stream, key)

    monkeypatch.setattr(yaml_fast, "read_items", counted)
    data = _document(300)
    read = list(yaml_fast.read_parts(io.BytesIO(data), "incidents", lambda: pytest.fail("read again")))
    assert len(read) == 4 + 1 + 300  # the header's entries, the list, its items
    assert calls == [1]  # the header alone went to the full parser


class _Unseekable:
    """A stream that cannot start again: read by the full parser alone."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    def read(self, size: int, /) -> bytes:
        return self._stream.read(size)


@pytest.mark.parametrize(
    ("line", "new"),
    [
        (b"  date: ", b"  date: 2023-02-30"),  # a value the full parser refuses, at its line
        (b"  location: ", b"  location: [Place 5"),  # broken syntax mid-file
        (b"  status: ", b"  status: confirm"),  # a record the contract refuses
        (b"  location: ", b"  location: &a Place 5\n  extra: *a"),  # an alias
    ],
    ids=["bad date", "broken syntax", "bad record", "alias"],
)
def test_a_problem_mid_file_is_the_full_parsers_error(tmp_path: Path, line: bytes, new: bytes) -> None:
    data = _document(400)
    at = data.index(b"\n" + line, data.index(b"id: INC-000250")) + 1
    end = data.index(b"\n", at)
    data = data[:at] + new + data[end:]
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    with Utf8Reader(path) as stream, pytest.raises(InputError) as fast:
        list(contract.read_incidents(stream, str(path)))
    with pytest.raises(InputError) as full:
        list(contract.read_incidents(_Unseekable(data), str(path)))
    assert str(fast.value) == str(full.value)
    assert "\n" not in str(fast.value) and str(path) in str(fast.value)


def test_a_file_read_again_after_items_were_handed_out_hands_out_each_once(tmp_path: Path) -> None:
    data = _document(50) + b"other: 1\n"  # known only at the end: read again by the full parser
    path = tmp_path / "late.yaml"
    path.write_bytes(data)
    with Utf8Reader(path) as stream:
        read = list(contract.read_incidents(stream, str(path)))
    assert [inc.id for inc in read] == [_incident(i).id for i in range(1, 51)]
    assert read == list(contract.read_incidents(_Unseekable(data), str(path)))


def test_a_file_in_another_style_is_left_to_the_full_parser_after_its_first_items(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    full = yaml_read.read_items

    def counted(stream: Any, key: str) -> Any:
        calls.append(1)
        return full(stream, key)

    monkeypatch.setattr(yaml_fast, "read_items", counted)
    data = _document(1000).replace(b"\n  status: ", b"  # a comment on every id line\n  status: ")
    read = list(yaml_fast.read_parts(io.BytesIO(data), "incidents", lambda: io.BytesIO(data)))
    assert len(calls) <= yaml_fast.TRIAL_ITEMS  # not every item read alone...
    assert read == list(yaml_read.read_streamed(io.BytesIO(data), "incidents"))  # ...and the same parts
