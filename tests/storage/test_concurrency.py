"""Several analysts on one store: no lost work, no double work, no "database is locked",
and a store that survives kill -9 at any moment."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from incident_review.core import contract
from incident_review.core.model import Incident, Source
from incident_review.core.query import IncidentFilter
from incident_review.core.snapshot import to_json
from incident_review.storage.store import Store
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
WORKERS, SECONDS = 8, 6.0


def _store(path: Path, n: int = 40) -> Store:
    store = Store(path)
    store.import_incidents(
        [
            Incident(f"INC-{i:06d}", country="UA", location="Kharkiv", summary=f"event {i}", sources=[Source(f"R-{i}")])
            for i in range(1, n + 1)
        ],
        "setup",
        "test",
    )
    return store


def test_eight_analysts_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    _store(db).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.stress_worker", str(db), f"analyst{k}", str(SECONDS), str(k)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for k in range(WORKERS)
    ]
    outputs = [p.communicate(timeout=SECONDS + 60) for p in procs]
    elapsed = time.monotonic() - started
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err  # no process died (of "database is locked" or anything)
    results = [out.split("RESULT", 1)[1].split() for out, _ in outputs]
    conflicts = sum(int(r[0]) for r in results)
    batches = [b for r in results for b in r[1:]]
    store = Store(db)
    assert store.integrity() == "ok"
    entries = store.audit_entries()
    audited = {e.batch for e in entries if e.action != "import"}
    # Every action that reported success is in the log exactly once, and nothing else is.
    assert len(batches) == len(set(batches)) and set(batches) == audited
    # Replaying the log (the last state it records for each incident) gives the store.
    last = {e.incident_id: e.after for e in entries if e.incident_id}
    for inc in store.get_many(sorted(last)):
        assert to_json(inc) == to_json(last[inc.id]), inc.id  # type: ignore[arg-type]
    # Merge links agree both ways.
    active = {i.id: i for i in store.get_many([f"INC-{i:06d}" for i in range(1, 41)])}
    for inc in active.values():
        if inc.merged_into:
            assert inc.id in active[inc.merged_into].merged_from
    print(
        f"\nstress: {WORKERS} processes, {len(batches)} actions in {elapsed:.1f} s = "
        f"{len(batches) / elapsed:.0f} actions/s, {conflicts} conflicts detected and refused"
    )
    store.close()


def _kill_at_random(cmd: list[str], rng: random.Random, env: dict[str, str]) -> None:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    time.sleep(rng.uniform(0.05, 1.2))
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_kill_minus_nine_leaves_a_whole_store(tmp_path: Path) -> None:
    rng = random.Random(11)
    exe = [sys.executable, "-m", "incident_review"]
    env = {**os.environ}
    db = tmp_path / "crash.db"
    reports = tmp_path / "batch.jsonl"
    text = (ROOT / "seeds" / "000_bedfac4b7dc0589f.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    reports.write_text(
        "\n".join(
            json.dumps({"published": "2023-05-26", "outlet": f"O{k}", "text": f"{k}. {text}"}) for k in range(300)
        ),
        encoding="utf-8",
    )
    subprocess.run([*exe, "--db", str(db), "demo", "--no-tui"], check=True, capture_output=True, env=env)
    out = tmp_path / "export.yaml"
    subprocess.run(
        [*exe, "--db", str(db), "export", "--no-timestamp", "-o", str(tmp_path / "seed.yaml")],
        check=True,
        capture_output=True,
        env=env,
    )
    big = tmp_path / "big.yaml"
    seed_doc = yaml.safe_load((tmp_path / "seed.yaml").read_text(encoding="utf-8"))
    template = seed_doc["incidents"][0]
    seed_doc["incidents"] = [{**template, "id": f"IMP-{k:05d}"} for k in range(3000)]
    big.write_text(yaml.safe_dump(seed_doc, sort_keys=False), encoding="utf-8")
    for round_ in range(6):
        _kill_at_random([*exe, "--db", str(db), "ingest", str(reports)], rng, env)
        _kill_at_random([*exe, "--db", str(db), "import", str(big)], rng, env)
        _kill_at_random([*exe, "--db", str(db), "export", "-o", str(out)], rng, env)
        _kill_at_random([*exe, "--db", str(db), "merge", "INC-000002", "INC-000007"], rng, env)
        _kill_at_random([*exe, "--db", str(db), "unmerge", "INC-000007"], rng, env)
        store = Store(db)
        assert store.integrity() == "ok", round_
        n_reports = store.stats()["reports"]
        assert n_reports in (2, 302), n_reports  # the batch is all in or all out
        with store.database.lock:
            n_imported = store.conn.execute("SELECT count(*) FROM incidents WHERE id LIKE 'IMP-%'").fetchone()[0]
        assert n_imported in (0, 3000), n_imported
        a, b = store.get_many(["INC-000002", "INC-000007"])
        assert (b.merged_into == a.id) == (b.id in a.merged_from)  # never half merged
        store.close()
        if out.exists():  # complete or absent
            assert yaml.safe_load(out.read_text(encoding="utf-8"))["schema"] == contract.SCHEMA


def test_backup_while_another_analyst_writes(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    _store(db, 200).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.stress_worker", str(db), "writer", "4", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    time.sleep(0.5)
    copy = tmp_path / "copy.db"
    result = subprocess.run(
        [sys.executable, "-m", "incident_review", "--db", str(db), "backup", str(copy)],
        capture_output=True,
        text=True,
        env=env,
    )
    writer.communicate(timeout=60)
    assert result.returncode == 0, result.stderr
    backup = Store(copy)
    assert backup.integrity() == "ok" and backup.count(IncidentFilter()) > 0
    entries = backup.audit_entries()
    last = {e.incident_id: e.after for e in entries if e.incident_id}
    for inc in backup.get_many(sorted(last)):  # a consistent snapshot: log and state agree
        assert to_json(inc) == to_json(last[inc.id]), inc.id  # type: ignore[arg-type]
    backup.close()
