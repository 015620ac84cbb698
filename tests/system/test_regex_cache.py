"""Compiled patterns kept between processes (config/regex_cache.py): the extraction rules'
patterns an earlier run compiled are rebuilt from their kept code, equal to what ``re``
compiles (CPython compares a pattern's text, flags and code), and a bad cache is ignored."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

from incident_review.config import parsed_cache, regex_cache

FIRST_RUN = """
from incident_review.config import regex_cache
kept = regex_cache.preload()
from incident_review.services.extraction import extractor
extractor()
regex_cache.save(kept)
print(len(kept))
"""

SECOND_RUN = """
import re
from re import _compiler
from incident_review.config import regex_cache
kept = regex_cache.preload()
same = sum(re._cache[(str, p, f)] == _compiler.compile(p, f) for p, f in kept)
from incident_review.services.extraction import extractor
extractor()
fresh = [k for k in re._cache if k[0] is str and (k[1], k[2]) not in kept]
print(len(kept), same, len(fresh))
"""


def _run(code: str) -> list[int]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert out.returncode == 0, out.stderr
    return [int(x) for x in out.stdout.split()]


def test_a_later_process_gets_the_rules_patterns_equal_to_a_fresh_compile() -> None:
    assert _run(FIRST_RUN) == [0]  # nothing kept yet: compiled, then kept
    kept, same, fresh = _run(SECOND_RUN)
    assert kept > 200  # the rules' patterns
    assert same == kept  # each rebuilt pattern equals re's own compile of it
    assert fresh < 20  # (what the rules compiled beyond the kept ones: nearly nothing)


def test_a_corrupt_or_foreign_cache_is_ignored() -> None:
    parsed_cache.folder().mkdir(parents=True, exist_ok=True)
    entry = parsed_cache.folder() / f"{regex_cache.NAME}.marshal"
    entry.write_bytes(b"\x00garbage")
    assert regex_cache.preload() == {}
    entry.write_bytes(marshal.dumps(((0, "another python"), [])))
    assert regex_cache.preload() == {}
    # The right build, but code that is not valid: _sre.compile refuses it, re compiles as usual.
    build = regex_cache._build()
    entry.write_bytes(marshal.dumps((build, [("x+y", 0, 32, [1, 2, 3], 0, {}, (None,))])))
    assert regex_cache.preload() == {}
    assert regex_cache.preload() == {}
    import re

    assert re.compile("x+y").fullmatch("xxy")


def test_the_kept_file_is_private(tmp_path: Path) -> None:
    _run(FIRST_RUN)
    entry = parsed_cache.folder() / f"{regex_cache.NAME}.marshal"
    assert entry.stat().st_mode & 0o077 == 0
