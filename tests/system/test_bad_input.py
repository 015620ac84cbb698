"""Bad input (issue #15, second pass): one line naming the file and the line or record,
exit 2, and nothing stored -- never a traceback, a hang or a half commit."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DATA, run_cli, sql_counts, stored_counts

STRIKE = "KYIV - A missile strike on Kharkiv killed 3 people yesterday."


def _refused(db: Path, *args: str, names: str) -> str:
    """The command fails with exit 2 and one ``error:`` line naming ``names``; nothing stored."""
    result = run_cli(*args, db=db)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("error: ") and names in line, line
    assert stored_counts(db) == (0, 0)
    return line


def _doc(tmp_path: Path, **replace: str) -> Path:
    """A valid one-incident YAML export, with ``key: value`` lines replaced."""
    from incident_review.core import contract
    from incident_review.core.model import Figure, Incident

    inc = Incident(id="INC-000900", date=None, country="UA", figures=[Figure("killed", "all", 3, 3, 3)])
    import datetime as dt

    inc.date = dt.date(2023, 5, 1)
    parts: list[str] = []
    contract.write_document(parts.append, contract.header("ana", {}, None), [inc])
    text = "".join(parts)
    for old, new in replace.items():
        text, n = re.subn(old, new, text, count=1, flags=re.M)
        assert n == 1, old
    path = tmp_path / "in.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------ dates out of range


@pytest.mark.parametrize("header", ["date: 9999-12-31", "date: 0001-01-01"])
def test_an_out_of_range_publication_date_is_an_input_error_and_nothing_is_stored(tmp_path: Path, header: str) -> None:
    report = tmp_path / "r.txt"
    report.write_text(f"{header}\n\n{STRIKE}\n", encoding="utf-8")
    line = _refused(tmp_path / "s.db", "ingest", str(report), names=str(report))
    assert "out of range" in line


def test_an_out_of_range_date_in_an_import_or_option_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    doc = _doc(tmp_path, **{r"^  date: .*$": "  date: 9999-12-31"})
    assert "key 'date'" in _refused(db, "import", str(doc), names=str(doc))
    report = tmp_path / "r.txt"
    report.write_text(STRIKE, encoding="utf-8")
    result = run_cli("ingest", "--published", "0001-01-01", str(report), db=db)
    assert result.exit_code == 2 and "out of range" in result.output and stored_counts(db) == (0, 0)


# ------------------------------------------------------------ values YAML or JSON cannot hold


def test_yaml_values_that_cannot_be_built_name_their_line(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cases = {
        "2023-02-30": {r"^  date: .*$": "  date: 2023-02-30"},
        "integer": {r"^      low: 3$": "      low: " + "9" * 5000},
        "larger than": {
            r"^      low: 3$": f"      low: {2**64}",
            r"^      best: 3$": f"      best: {2**64}",
            r"^      high: 3$": f"      high: {2**64}",
        },
        "aliases": {r"^  country: UA$": "  country: &c UA", r"^  admin2: null$": "  admin2: *c"},
    }
    for expected, replace in cases.items():
        doc = _doc(tmp_path, **replace)
        assert expected in _refused(db, "import", str(doc), names=str(doc)), expected


def test_deep_yaml_is_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "deep.yaml"
    doc.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    _refused(tmp_path / "s.db", "import", str(doc), names=str(doc))


def test_front_matter_with_an_impossible_date_names_the_line(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    report.write_text(f"---\ntitle: x\ndate: 2023-02-30\n---\n{STRIKE}\n", encoding="utf-8")
    line = _refused(tmp_path / "s.db", "ingest", str(report), names=f"{report}: line 3")
    assert "2023-02-30" in line


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ('{"text": "A strike \\ud800 killed 3."}', "surrogate"),
        ('{"text": "A strike killed 3.", "n": ' + "9" * 5000 + "}", "digits"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["lone-surrogate", "5000-digit-int", "100k-deep"],
)
def test_jsonl_records_python_cannot_hold_name_their_line(tmp_path: Path, record: str, expected: str) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_text(f'{{"text": "{STRIKE}"}}\n{record}\n', encoding="utf-8")
    assert expected in _refused(tmp_path / "s.db", "ingest", str(batch), names=f"{batch}: line 2")


def test_a_superscript_incident_number_is_an_id_not_a_number(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    doc = _doc(tmp_path, **{"INC-000900": "INC-²"})
    result = run_cli("import", str(doc), db=db)
    assert result.exit_code == 0, result.output
    report = tmp_path / "r.txt"
    report.write_text(STRIKE, encoding="utf-8")
    assert run_cli("ingest", str(report), db=db).exit_code == 0  # the counter still counts


# ------------------------------------------------------------ folders


def test_folders_nested_1500_deep_are_one_line(tmp_path: Path) -> None:
    top = tmp_path / "reports"
    top.mkdir()
    old = os.getcwd()
    os.chdir(top)
    try:
        for _ in range(1500):  # relative steps: the absolute path passes PATH_MAX
            os.mkdir("d")
            os.chdir("d")
        Path("r.txt").write_text(STRIKE, encoding="utf-8")
    finally:
        os.chdir(old)
    try:
        assert "nested deeper" in _refused(tmp_path / "s.db", "ingest", str(top), names=str(top))
    finally:
        _remove_nested(top)


def _remove_nested(top: Path) -> None:
    """Remove top/d/d/.../d one level at a time (rmtree recurses past Python's limit)."""
    inner = top / "d"
    while inner.exists():
        for child in os.listdir(inner):
            if child != "d":
                (inner / child).unlink()
        if (inner / "d").exists():
            os.rename(inner / "d", top / "next")
            inner.rmdir()
            os.rename(top / "next", inner)
        else:
            inner.rmdir()


def test_a_folder_deleted_while_listed_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = tmp_path / "reports"
    (top / "a").mkdir(parents=True)
    (top / "a" / "r.txt").write_text(STRIKE, encoding="utf-8")
    scandir = os.scandir

    def vanishing(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "a":
            (top / "a" / "r.txt").unlink()
            (top / "a").rmdir()  # another analyst tidies up meanwhile
        return scandir(path)

    monkeypatch.setattr(os, "scandir", vanishing)
    assert "cannot list" in _refused(tmp_path / "s.db", "ingest", str(top), names=str(top / "a"))


# ------------------------------------------------------------ files that are not files


@pytest.mark.parametrize("command", ["ingest", "import"])
def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "reports.txt"
    os.mkfifo(fifo)
    db = tmp_path / "s.db"
    for target in (str(fifo), "/dev/zero"):
        argv = [sys.executable, "-m", "incident_review", "--db", str(db), command]
        argv += (["--format", "yaml"] if command == "import" else []) + [target]
        # Bounded: before the fix the FIFO hung forever and /dev/zero ran to MemoryError.
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip().splitlines()[-1] == f"error: {target}: not a regular file " + (
            "(a FIFO); give a file" if target == str(fifo) else "(a device or socket); give a file"
        )
    assert stored_counts(db) == (0, 0)


def test_a_nul_byte_past_the_first_8_kb_is_binary(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(STRIKE + "\n" * 9000 + "x\x00y\n", encoding="utf-8")
    assert "NUL" in _refused(tmp_path / "s.db", "ingest", str(report), names=f"{report}: line 9001")


# ------------------------------------------------------------ a kill -9 in the matching phase

_KILLED_IN_MATCHING = """
import os, signal, sys
from incident_review.core.matching import Matcher
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # the reports and incidents are stored: now the pairs
Matcher.pairs_against = die
Matcher.pairs = die
from incident_review.cli.main import main
sys.argv = ["incident-review", *sys.argv[1:]]
main()
"""


def _pair_reports(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text(
        "date: 2023-05-02\nsource: Outlet A\n\nKHARKIV - A Russian missile strike on Kharkiv killed 3 civilians "
        "and wounded 12 on Monday, the regional governor said.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "date: 2023-05-02\nsource: Outlet B\n\nKHARKIV - Three civilians were killed and 12 wounded when a "
        "Russian missile hit Kharkiv on Monday, officials said.\n",
        encoding="utf-8",
    )
    return folder


def _killed_in_matching(db: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_IN_MATCHING, "--db", str(db), *args], capture_output=True, timeout=120
    )
    assert done.returncode == -9, done.stderr


def _pairs_and_pending(db: Path) -> tuple[int, ...]:
    return sql_counts(
        db, "SELECT count(*) FROM duplicate_pairs", "SELECT count(*) FROM counters WHERE name LIKE 'matching:%'"
    )


def test_a_reingest_matches_what_an_ingest_killed_while_matching_stored(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    reports = _pair_reports(tmp_path / "reports")
    _killed_in_matching(db, "ingest", str(reports))
    assert stored_counts(db) == (2, 2) and _pairs_and_pending(db) == (0, 1)  # stored, not matched
    result = run_cli("ingest", str(reports), db=db)  # every report already known: skipped...
    assert result.exit_code == 0 and "2 already in the store" in result.output
    assert "1 possible duplicate pair(s)" in result.output  # ...and yet the pair comes
    assert _pairs_and_pending(db) == (1, 0)


def test_duplicates_lists_the_pairs_a_killed_import_never_stored(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    reports = _pair_reports(tmp_path / "reports")
    assert run_cli("ingest", str(reports), db=db).exit_code == 0
    exported = tmp_path / "e.yaml"
    assert run_cli("export", "-o", str(exported), db=db).exit_code == 0
    other = tmp_path / "other.db"
    _killed_in_matching(other, "import", str(exported))
    assert _pairs_and_pending(other) == (0, 1)
    listed = run_cli("duplicates", "--format", "yaml", db=other)
    assert listed.exit_code == 0 and "INC-000001" in listed.output
    assert _pairs_and_pending(other) == (1, 0)


def test_a_rebuild_covers_a_killed_batch(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _killed_in_matching(db, "ingest", str(_pair_reports(tmp_path / "reports")))
    assert run_cli("duplicates", "--rebuild", db=db).exit_code == 0
    assert _pairs_and_pending(db) == (1, 0)


def test_a_running_ingests_batch_is_left_to_it(db_path: Path) -> None:
    from incident_review.storage.store import Store
    from tests.storage.test_store import make

    store = Store(db_path)
    store.import_incidents([make(1)], "ana", "test")  # a caller that does not match marks nothing
    assert store.last_batch is None and store.all_pending_matches() == []
    store.conn.execute("INSERT INTO counters VALUES (?, 0)", (f"matching:b1:{os.uname().nodename}:{os.getpid()}",))
    store.conn.execute("INSERT INTO counters VALUES (?, ?)", ("matching:b2:other-host:1", int(time.time())))
    assert store.pending_matches() == []  # this pid runs; the other host's is recent
    store.conn.execute("UPDATE counters SET value = 0 WHERE name LIKE 'matching:b2:%'")
    assert [name for name, _ in store.pending_matches()] == ["matching:b2:other-host:1"]
    store.close()


# ------------------------------------------------------------ --analyst: a label, or the login name


def test_enforce_login_refuses_another_name_and_records_the_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.cli.main import login_name

    db = tmp_path / "s.db"
    report = tmp_path / "r.txt"
    report.write_text(STRIKE, encoding="utf-8")
    monkeypatch.setenv("INCIDENT_REVIEW_ENFORCE_LOGIN", "1")
    monkeypatch.setenv("USER", "mallory")  # $USER is the user's to set; the login name is not
    refused = run_cli("--analyst", "alice", "ingest", str(report), db=db)
    assert refused.exit_code == 2 and "is not your login name" in refused.output and not db.exists()
    assert run_cli("ingest", str(report), db=db).exit_code == 2  # $INCIDENT_REVIEW_ANALYST=tester too
    monkeypatch.delenv("INCIDENT_REVIEW_ANALYST")
    assert run_cli("ingest", str(report), db=db).exit_code == 0
    assert run_cli("--analyst", login_name(), "stats", db=db).exit_code == 0
    conn = sqlite3.connect(db)
    assert {r[0] for r in conn.execute("SELECT analyst FROM audit")} == {login_name()}
    conn.close()
    monkeypatch.delenv("INCIDENT_REVIEW_ENFORCE_LOGIN")  # without it, --analyst is a free label
    assert run_cli("--analyst", "alice", "stats", db=db).exit_code == 0


# ------------------------------------------------------------ a full disk


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (root only; skipped otherwise), unmounted afterwards."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _wordy_reports(folder: Path, n: int) -> Path:
    import random

    rng = random.Random(15)
    folder.mkdir()
    for i in range(n):
        words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(800))
        (folder / f"r{i}.txt").write_text(
            f"date: 2023-05-02\nsource: O{i}\n\nKHARKIV - A strike killed {i} people on Monday. {words}\n",
            encoding="utf-8",
        )
    return folder


def _one_line(result: object, *names: str) -> str:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert "Traceback" not in output and "cannot rollback" not in output
    line: str = output.strip().splitlines()[-1]
    assert line.startswith("error: ") and all(n in line for n in names), line
    return line


def test_ingest_on_a_full_disk_says_disk_full_and_stores_nothing(full_disk: Path, tmp_path: Path) -> None:
    db = full_disk / "s.db"
    result = run_cli("ingest", str(_wordy_reports(tmp_path / "reports", 120)), db=db)
    assert "disk full" in _one_line(result, str(db))  # not masked by "cannot rollback"
    stats = run_cli("stats", db=db)
    assert "reports:   0" in stats.output and "incidents: 0" in stats.output


def test_backup_and_export_on_a_full_disk_leave_nothing_there(full_disk: Path, tmp_path: Path) -> None:
    from incident_review.storage.store import Store

    db = tmp_path / "s.db"
    store = Store(db)
    store.conn.execute("CREATE TABLE padding (x)")  # a store bigger than the disk
    store.conn.execute("INSERT INTO padding VALUES (randomblob(2000000))")
    store.close()
    _one_line(run_cli("backup", str(full_disk / "b.db"), db=db), str(full_disk / "b.db"), "no backup")
    assert os.listdir(full_disk) == []  # no .partial, no -journal left filling the disk
    (full_disk / "filler").write_bytes(b"x" * 1024 * 1000)
    with contextlib.suppress(OSError), open(full_disk / "filler2", "wb") as f:  # the last blocks
        f.write(b"x" * 1024 * 1024)
    for fmt in ("yaml", "acled-csv"):
        target = full_disk / f"e.{fmt}"
        _one_line(run_cli("export", "--format", fmt, "-o", str(target), db=db), str(target), "cannot write")
    assert sorted(os.listdir(full_disk)) == ["filler", "filler2"]


# ------------------------------------------------------------ CSV imports

DATASETS = DATA / "datasets"


def _csv_with(tmp_path: Path, name: str, edit: dict[str, str]) -> Path:
    """The sample CSV ``name`` with its first row's columns set as in ``edit``."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((DATASETS / name).read_text(encoding="utf-8"))))
    header = rows[0]
    for column, value in edit.items():
        rows[1][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_column_named_twice_is_refused_naming_it(tmp_path: Path) -> None:
    text = (DATASETS / "acled.csv").read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    path = tmp_path / "acled.csv"
    path.write_text(first.replace(",tags,", ",fatalities,") + "\n" + rest, encoding="utf-8")
    line = _refused(tmp_path / "s.db", "import", str(path), names=f"{path}: line 1")
    assert "'fatalities' appears twice" in line


# ------------------------------------------------------------ invisible characters in an export

INVISIBLE = "\u202e\u2066\u200b\u200d\u2060\ufeff\u00ad\U000e0041"


def test_yaml_export_escapes_invisible_characters_and_round_trips_byte_identical(tmp_path: Path) -> None:
    from incident_review.core.model import Claim, Note
    from incident_review.storage.store import Store
    from tests.storage.test_store import make

    inc = make(1)
    inc.summary = f"Київ strike{INVISIBLE} reported by \u202egnirts"
    inc.attribution = [Claim(f"actor\u202e{INVISIBLE}", "perpetrator", "claimed", "by\u2067x", None)]
    inc.notes = [Note("ana", "2023-05-02T00:00:00Z", "a note\u200b" * 40)]
    first_db, second_db = tmp_path / "a.db", tmp_path / "b.db"
    store = Store(first_db)
    store.import_incidents([inc], "ana", "test")
    store.close()
    first, second = tmp_path / "1.yaml", tmp_path / "2.yaml"
    assert run_cli("export", "--no-timestamp", "-o", str(first), db=first_db).exit_code == 0
    text = first.read_text(encoding="utf-8")
    assert not any(ch in text for ch in INVISIBLE)  # safe to cat
    assert "\\u202E" in text and "Київ" in text  # escaped; other text stays as it is
    assert run_cli("import", str(first), db=second_db).exit_code == 0
    assert run_cli("export", "--no-timestamp", "-o", str(second), db=second_db).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    again = Store(second_db)
    assert again.get(inc.id).summary == inc.summary  # type: ignore[union-attr]
    again.close()


# ------------------------------------------------------------ a store this user cannot write


def test_a_read_only_store_can_be_exported_listed_and_counted(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("a read-only mount needs root (as root, file modes do not stop writes)")
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        db = mount / "s.db"
        report = tmp_path / "r.txt"
        report.write_text(STRIKE, encoding="utf-8")
        for args in (["ingest", str(report)], ["export", "--no-timestamp", "-o", str(tmp_path / "before.yaml")]):
            # In a process of its own: a store left open here would keep the mount busy.
            subprocess.run([sys.executable, "-m", "incident_review", "--db", str(db), *args], check=True, timeout=120)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        exported = tmp_path / "after.yaml"
        result = run_cli("export", "--no-timestamp", "-o", str(exported), db=db)
        assert result.exit_code == 0, result.output
        assert exported.read_bytes() == (tmp_path / "before.yaml").read_bytes()
        assert "incidents: 1" in run_cli("stats", db=db).output
        assert run_cli("duplicates", db=db).exit_code == 0
        refused = run_cli("ingest", str(report), db=db)  # a write is still one line, exit 2
        assert refused.exit_code == 2 and refused.output.startswith("error: ")
        assert sorted(os.listdir(mount)) == ["s.db"]
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_date_arithmetic_overflowing_in_extraction_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from incident_review.services.extraction import extractor

    def overflows(*args: object, **kwargs: object) -> list[object]:
        raise OverflowError("date value out of range")  # as "yesterday" at 0001-01-01 did

    monkeypatch.setattr(type(extractor()), "extract", overflows)
    report = tmp_path / "r.txt"
    report.write_text(STRIKE, encoding="utf-8")
    assert "out of range" in _refused(tmp_path / "s.db", "ingest", str(report), names=str(report))
