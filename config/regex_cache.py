"""Compiled regular expressions kept between processes (the user's cache folder).

The extraction rules compile ~290 patterns (module-level ones and those built from
config/extraction.yaml, actors.yaml and the gazetteer): 0.17 s of a one-report ingest's
0.75 s of CPU, every run, since ``re`` keeps compiled patterns only in memory. What
``re.compile`` spends its time on is Python: parsing the pattern and generating its code (a
list of integers); the last step, ``_sre.compile(pattern, flags, code, ...)``, is C and
quick. So the code of each pattern is kept (marshal: text and integers), and the next
process puts patterns built from it straight into ``re``'s own cache, where every
``re.compile`` of the same text and flags then finds it.

This reaches into CPython's ``re`` internals (``re._cache``, ``re._parser``,
``re._compiler``, ``_sre.compile``; the same from 3.11 to 3.13), so it is guarded
throughout: an entry is used only by the same Python build (its version, ``_sre.MAGIC`` and
``CODESIZE``), ``_sre.compile`` validates every code it is given (bad code raises, never
crashes), a pattern whose rebuilt attributes differ is dropped, and any error leaves ``re``
to compile as it always does.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import Any, Final

from incident_review.config import parsed_cache

FORMAT: Final = 1
NAME: Final = "regexes"
MOST: Final = 400  # entries preloaded: re's cache holds 512 (the oldest are dropped past it)

Entry = tuple[str, int, int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _build() -> tuple[Any, ...]:
    import _sre  # type: ignore[import-not-found]  # (no stubs: CPython's own C module)

    return (FORMAT, sys.version, _sre.MAGIC, _sre.CODESIZE)


def preload() -> dict[tuple[str, int], Entry]:
    """Put the patterns an earlier run kept into ``re``'s cache; the entries put."""
    put: dict[tuple[str, int], Entry] = {}
    try:
        import _sre

        kept = parsed_cache.load(NAME)
        if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == _build() and isinstance(kept[1], list)):
            return put
        for entry in kept[1][:MOST]:
            pattern, flags, final, code, groups, groupindex, indexgroup = entry
            compiled = _sre.compile(pattern, final, code, groups, groupindex, indexgroup)
            if compiled.pattern != pattern or compiled.groups != groups or compiled.flags != final:
                continue
            re._cache[(str, pattern, flags)] = compiled  # type: ignore[attr-defined]
            put[(pattern, flags)] = entry
    except Exception:  # (a build of Python whose internals differ: compile as usual)
        return put
    return put


def _entry(pattern: str, flags: int) -> Entry:
    """What ``re._compiler.compile`` computes before its call to ``_sre.compile``."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for key, index in groupindex.items():
        indexgroup[index] = key
    # Plain ints: the opcodes are an int subclass, which marshal refuses.
    final = int(flags | parsed.state.flags)
    codes = [int(c) for c in code]
    return (pattern, flags, final, codes, int(parsed.state.groups - 1), groupindex, tuple(indexgroup))


def save(preloaded: dict[tuple[str, int], Entry]) -> None:
    """Keep every text pattern now in ``re``'s cache, when some were compiled anew (the
    first run, new rules, an override); the preloaded ones as they were."""
    try:
        current = [
            (pattern, flags)
            for (kind, pattern, flags) in list(re._cache)  # type: ignore[attr-defined]
            if kind is str and not flags & re.DEBUG
        ]
        if all(key in preloaded for key in current):
            return
        entries = [preloaded.get(key) or _entry(*key) for key in current]
        parsed_cache.store(NAME, (_build(), entries[-MOST:]))
    except Exception:
        return


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """Around a command that compiles the extraction rules: preload, then keep what is new."""
    preloaded = preload()
    yield
    save(preloaded)
