"""End a finished command without the interpreter's teardown.

After a command returns, a normal exit still tears down every module and object the
command built (the matcher's arrays, the gazetteer, the extractor's rules): 0.15-0.25 s of
a one-report ingest into a 1M store on this machine (0.64 -> 0.41 s in the benchmark
table), spent after the work is done and its output printed. ``leave`` does what that
teardown does for the user — closes the open stores, runs the ``atexit`` handlers, flushes
stdout and stderr — and then ends the process with ``os._exit``.
Whenever that might lose something it does not know about (another thread still running,
a flush that fails, an exit that carries a message rather than a code) it leaves the
normal way instead.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

QUICK_EXIT_ENV = "INCIDENT_REVIEW_SLOW_EXIT"  # set to 1: always the normal exit (debugging)


def leave(code: object) -> NoReturn:
    """Exit with ``code`` (a ``SystemExit``'s), quickly when nothing can be lost by it."""
    if not isinstance(code, int | None) or threading.active_count() > 1 or os.environ.get(QUICK_EXIT_ENV):
        raise SystemExit(code)
    # Only when a command opened one: importing the store's module costs --version time.
    db = sys.modules.get("incident_review.storage.db")
    try:
        if db is not None:
            db.close_open_connections()
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except BaseException:  # a closed pipe, a failing handler: teardown reports it as before
        raise SystemExit(code) from None
    os._exit(code or 0)
