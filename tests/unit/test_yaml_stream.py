"""The YAML import streams (issue #16): one incident in memory at a time, every file
``yaml.load`` reads read to the same values, and still all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from incident_review.core import contract, yaml_read
from incident_review.core.errors import InputError
from incident_review.core.model import Claim, Figure, Incident, Note, Source
from incident_review.services.files import Utf8Reader, read_utf8
from incident_review.storage import incident_rows, staging
from tests.conftest import run_cli, stored_counts


def _incident(i: int) -> Incident:
    return Incident(
        id=f"INC-{i:06d}",
        status="confirmed",
        date=dt.date(2023, 1, 1) + dt.timedelta(days=i % 700),
        date_precision="day",
        country="UA",
        location=f"Place {i % 97}",
        latitude=48.0 + (i % 1000) / 1000,
        longitude=35.0,
        geo_precision="town",
        summary=f"A strike on place {i % 97} killed {i % 7} people, officials said; report number {i}.",
        weapons=["missile"],
        attribution=[Claim("Russian forces", "perpetrator", "reported", None, f"R-{i}")],
        figures=[Figure("killed", "all", i % 7, i % 7, i % 7)],  # (export keeps no per-report figures)
        sources=[Source(f"R-{i}", "Outlet", None, dt.date(2023, 1, 2), "A strike killed people.")],
        notes=[Note("ana", "2024-01-02T03:04:05Z", f"note\nline {i}")],
    )


def _document(n: int) -> bytes:
    parts: list[str] = []
    contract.write_document(parts.append, contract.header("ana", {}, None), (_incident(i) for i in range(1, n + 1)))
    return "".join(parts).encode("utf-8")


class _Counting(io.BytesIO):
    """A stream that remembers how far it has been read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.furthest = 0

    def read(self, size: int | None = -1, /) -> bytes:
        out = super().read(size)
        self.furthest = self.tell()
        return out


def test_the_first_incident_comes_before_the_file_is_read_to_its_end() -> None:
    data = _document(3000)
    stream = _Counting(data)
    incidents = contract.read_incidents(stream, "big.yaml")
    first = next(incidents)
    assert first == _incident(1)
    assert stream.furthest < len(data) / 20  # the whole-file load read all of it first
    assert sum(1 for _ in incidents) == 2999


def test_memory_stays_far_below_the_file_size() -> None:
    data = _document(3000)
    stream = io.BytesIO(data)
    tracemalloc.start()
    try:
        count = sum(1 for _ in contract.read_incidents(stream, "big.yaml"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3000
    # yaml.load of the same text peaks at ~50 times its size (the node tree). Streamed,
    # what stays is one incident, a small cache of scalars and the ids seen (an id twice
    # is an error): 0.19 times the size here.
    assert peak < len(data) / 2, (peak, len(data))


# ------------------------------------------------------------ the same values as yaml.load


def _streamed(text: str) -> Any:
    """The document as read_streamed hands it out, put back together."""
    return _reassembled(yaml_read.read_streamed(io.BytesIO(text.encode("utf-8")), "incidents"))


def _reassembled(parts: Iterable[Any]) -> Any:
    """A document put back together from the parts a reader hands out."""
    root: dict[Any, Any] = {}
    listed: list[Any] = []
    for part in parts:
        if isinstance(part, yaml_read.Root):
            return part.value
        if isinstance(part, yaml_read.Entry):
            root[part.key] = part.value
        elif isinstance(part, yaml_read.ListStart):
            root[part.key] = listed
        else:
            listed.append(part.value)
    return root


def _outcome(read: Any, text: str) -> tuple[Any, ...]:
    try:
        return ("read", read(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return ("error", getattr(exc, "problem", None), mark.line if mark else None)


SHAPES = {
    "block": "schema: x\nincidents:\n- a: 1\n  b: [1, 2, {c: d}]\n",
    "flow": "{schema: x, incidents: [{a: 1}, {b: [2, 3]}]}\n",
    "comments": "# head\nschema: x # c\nincidents: # c\n  # between\n  - {a: 1} # c\n",
    "markers": "--- \nincidents: []\n...\n",
    "incidents first": "incidents: [{a: 1}]\nschema: x\n",
    "an anchor, unused": "incidents: [{a: &x 1, b: 2}]\n",
    "anchors on collections": "incidents: &l\n- &m {a: 1}\nother: &s [1]\n",
    "merge key in an item": "incidents:\n- <<: {a: 1, b: 2}\n  b: 3\n",
    "merge key after the item's keys": "incidents:\n- a: 1\n  <<: {a: 2, c: 3}\n",
    "merge key deeper": "incidents:\n- {a: {<<: {x: 1}, y: 2}}\n",
    "merge key at the root": "<<: {schema: x, incidents: [1]}\nschema: y\n",
    "merge list at the root": "<<: [{schema: x}, {schema: z, k: 1}]\nincidents: []\n",
    "tags": "incidents:\n- !!set {a, b}\n- !!omap [a: 1]\n- !!str 12\n- !!int '12'\n- !!binary aGVsbG8=\n- !!float 1\n",
    "tagged list": "incidents: !!omap [a: 1]\n",
    "non-specific tags": "incidents:\n- ! {a: 1}\n- ! 12\n- !!map {a: 1}\n- !!seq [1]\n",
    "tagged root": "!!map\nincidents: [1]\n",
    "set as root": "!!set {a, b}\n",
    "scalars": (
        "incidents:\n- {d: 2023-05-26, t: 2023-05-26T01:02:03Z, n: null, e: , b: yes, o: 0o17, h: 0x1f,"
        " f: 1.5e3, i: 1_000, s: '1', inf: .inf, sx: 1:30, q: \"x\\ty\", k: ~}\n"
    ),
    "value and merge words": "incidents:\n- {=: 1, '<<': 2, x: '='}\n",
    "block scalars": 'incidents:\n- |\n  lit\n  block\n- >\n  folded\n  text\n- "dq \\u263a \\\n  cont"\n',
    "keys of other types": "1: x\nnull: y\nincidents: [{1: a, 2.5: b, true: c, 2023-01-01: d}]\n",
    "a list at the root": "[1, 2]\n",
    "a scalar at the root": "plain\n",
    "no document": "# only a comment\n",
    "deep but within libyaml's limit": "incidents: [" + "[" * 900 + "]" * 900 + "]\n",
    # refused, with the same problem at the same line
    "python tag": "incidents: !!python/object/apply:os.system ['true']\n",
    "python tag in an item": "incidents:\n- {a: !!python/name:os.system x}\n",
    "alias": "incidents: [{a: &x 1, b: *x}]\n",
    "alias across items": "incidents:\n- {a: &x 1}\n- {b: *x}\n",
    "alias of a list": "incidents: &l [{a: 1}]\nb: *l\n",
    "undefined alias": "incidents: [{a: *y}]\n",
    "anchor twice": "incidents: [{a: &x 1}, {b: &x 2}]\n",
    "anchor twice, root and item": "a: &x 1\nincidents: [{b: &x 2}]\n",
    "a list as a key": "incidents:\n- ? [a]\n  : 1\n",
    "a list as a root key": "? [a]\n: 1\nincidents: []\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "bad date": "incidents:\n- {d: 2023-02-30}\n",
    "5000 digits": "incidents:\n- {n: " + "9" * 5000 + "}\n",
    "value word as a value": "incidents:\n- a: =\n",
    "too deep": "incidents: [" + "[" * 2000 + "]" * 2000 + "]\n",
    "bad indentation": "incidents:\n- a: 1\n b: 2\n",
    "unclosed": "incidents: [\n",
}


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_a_document_reads_as_yaml_load_reads_it(text: str) -> None:
    assert _outcome(_streamed, text) == _outcome(lambda t: yaml.load(t, Loader=yaml_read.InputLoader), text)


def test_a_root_key_given_twice_is_refused_at_its_line() -> None:
    # yaml.load keeps the last one, which would drop the incidents already handed out.
    outcome = _outcome(_streamed, "schema: x\nincidents: []\nincidents: [1]\n")
    assert outcome == ("error", "found duplicate key 'incidents'", 2)


# ------------------------------------------------------------ importing hand-written files


HAND_WRITTEN = """\
# written by hand, in another tool's style
incidents:
  - {id: INC-000007, status: confirmed, grade: null, date: 2023-05-26, date_end: null,
     date_precision: day, country: UA, admin1: null, admin2: null, location: Dnipro,
     latitude: 48.4666, longitude: 35.0407, geo_precision: town,
     event_type: null, sub_event_type: null, summary: "Strike\\non two lines",
     weapons: [missile], damage: [], attribution: [], merged_from: [], notes: [],
     casualties: {killed: {low: 2, best: 2, high: 2}, wounded: {low: null, best: null, high: null}},
     sources: [{report: R-1, outlet: 'Outlet', url: null, published: 2023-05-26, quote: null}],
     reviewed_by: ana, reviewed_at: '2024-01-02T03:04:05Z'}
  - &second
    <<: {status: unreviewed, grade: null, date_end: null, date_precision: unknown}
    id: INC-000008
    date: null
    country: null
    admin1: null
    admin2: null
    location: null
    latitude: null
    longitude: null
    geo_precision: unknown   # a comment inside an incident
    event_type: null
    sub_event_type: null
    summary: |
      Literal
      block
    weapons: []
    damage: []
    attribution: []
    casualties:
      killed: {low: null, best: null, high: null}
      wounded: {low: null, best: null, high: null}
    sources: []
    merged_from: []
    notes: []
    reviewed_by: null
    reviewed_at: null
schema: incident-review/1    # after the incidents
"""


def test_hand_written_yaml_imports_as_its_export_says(tmp_path: Path) -> None:
    source = tmp_path / "hand.yaml"
    source.write_text(HAND_WRITTEN, encoding="utf-8")
    db = tmp_path / "s.db"
    result = run_cli("import", str(source), db=db)
    assert result.exit_code == 0, result.output
    exported = yaml.safe_load(run_cli("export", "--no-timestamp", db=db).output)
    by_id = {d["id"]: d for d in exported["incidents"]}
    expected = yaml.safe_load(HAND_WRITTEN)["incidents"]
    assert by_id == {d["id"]: d for d in expected}


def test_a_wrong_schema_after_the_incidents_is_the_error_not_their_records(tmp_path: Path) -> None:
    source = tmp_path / "later.yaml"
    source.write_text("incidents:\n- {id: INC-1, colour: red}\nschema: incident-review/9\n", encoding="utf-8")
    result = run_cli("import", str(source), db=tmp_path / "s.db")
    assert result.exit_code == 2 and "unknown schema 'incident-review/9'" in result.output


# ------------------------------------------------------------ all or nothing, streamed


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few incidents, so that a file spans many staged transactions."""
    monkeypatch.setattr(staging, "CHUNK_SECONDS", 0.0001)
    monkeypatch.setattr(staging, "CHUNK_PAUSE", 0.0)


@pytest.mark.parametrize(
    ("tail", "names"),
    [
        ("- {id: INC-999999, status: done}\n", "incident INC-999999"),
        ("- {id: INC-000001}\n", "incident INC-000001"),  # its id twice in the file
        ("- {id: [\n", "line"),  # broken YAML at the very end
    ],
    ids=["bad record", "id twice", "broken syntax"],
)
def test_a_bad_record_at_the_end_of_a_long_file_stores_nothing(
    tmp_path: Path, small_chunks: None, tail: str, names: str
) -> None:
    source = tmp_path / "long.yaml"
    source.write_bytes(_document(400) + tail.encode("utf-8"))
    db = tmp_path / "s.db"
    writes = {"n": 0}
    insert = incident_rows.insert_many

    def counted(*args: Any) -> None:  # each chunk's rows, written hidden
        writes["n"] += 1
        insert(*args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(incident_rows, "insert_many", counted)
        result = run_cli("import", str(source), db=db)
    assert result.exit_code == 2 and names in result.output and str(source) in result.output
    assert writes["n"] > 3  # chunks were written before the problem was read...
    assert stored_counts(db) == (0, 0)  # ...and discarded with it


def test_an_import_that_streams_reserves_the_numbers_of_its_ids(tmp_path: Path, small_chunks: None) -> None:
    source = tmp_path / "a.yaml"
    source.write_bytes(_document(60))
    db = tmp_path / "s.db"
    assert run_cli("import", str(source), db=db).exit_code == 0
    report = tmp_path / "r.txt"
    report.write_text("KYIV - A missile strike on Kharkiv killed 3 people yesterday.", encoding="utf-8")
    assert run_cli("ingest", "--published", "2023-05-26", str(report), db=db).exit_code == 0
    ids = [d["id"] for d in yaml.safe_load(run_cli("export", db=db).output)["incidents"]]
    assert "INC-000061" in ids and len(ids) == 61


# ------------------------------------------------------------ the file read in chunks


@pytest.fixture
def tiny_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """7-byte reads: every multi-byte character and line end falls across a chunk's end."""
    monkeypatch.setattr(Utf8Reader, "CHUNK", 7)


def test_characters_cut_by_a_chunk_read_whole(tmp_path: Path, tiny_reads: None) -> None:
    path = tmp_path / "u.yaml"
    data = "\ufeff".encode() + _document(3).replace(b"Outlet", "Укрінформ 😀".encode())
    path.write_bytes(data)
    with Utf8Reader(path) as stream:
        incidents = list(contract.read_incidents(stream, str(path)))
    assert [s.outlet for inc in incidents for s in inc.sources] == ["Укрінформ 😀"] * 3


@pytest.mark.parametrize(
    "data",
    [
        b"".join(b"key%d: value\n" % i for i in range(40)) + b"x\x00\n",
        "\ufeff".encode() + b"schema: x\nsummary: caf\xc3",
        b"a: \xe2\x82\xac\nb: \xe2\x82(\n",
        b"a: \xe2\x82\xac\nb: \xff\n",
    ],
    ids=["NUL in a later chunk", "cut by the end of the file", "bad continuation after a cut", "bad lead byte"],
)
def test_a_bad_byte_in_a_later_chunk_is_named_as_in_a_whole_file(tmp_path: Path, tiny_reads: None, data: bytes) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    with pytest.raises(InputError) as whole:
        read_utf8(path)
    with Utf8Reader(path) as stream, pytest.raises(InputError) as streamed:
        list(contract.read_incidents(stream, str(path)))
    assert str(streamed.value) == str(whole.value)
    assert streamed.value.where is not None and streamed.value.where != "byte 0"


def test_whitespace_only_is_an_empty_file(tmp_path: Path, tiny_reads: None) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text(" \n\t\n" * 5, encoding="utf-8")
    result = run_cli("import", str(path), db=tmp_path / "s.db")
    assert result.exit_code == 2 and "empty file" in result.output
