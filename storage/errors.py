"""SQLite's errors as ``core.errors``: the store's boundary.

Every public method of ``Store`` (and of ``Duplicates``) raises ``StoreError`` and its
subclasses, never ``sqlite3.Error``, so the services, the CLI and the TUI handle a busy or
broken store without importing sqlite3. The original error stays as ``__cause__``.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from incident_review.core.errors import StoreBusyError, StoreError, StoreFullError
from incident_review.storage.db import is_locked

P = ParamSpec("P")
T = TypeVar("T")


def store_error(exc: sqlite3.Error) -> StoreError:
    """The ``core.errors`` exception for a sqlite3 one, with SQLite's message."""
    if is_locked(exc):
        return StoreBusyError(str(exc))
    if "full" in str(exc):  # SQLITE_FULL: "database or disk is full"
        return StoreFullError(str(exc))
    return StoreError(str(exc))


@contextmanager
def translated() -> Iterator[None]:
    """Raise any sqlite3 error from the block as its StoreError."""
    try:
        yield
    except sqlite3.Error as exc:
        raise store_error(exc) from exc


def translating(fn: Callable[P, T]) -> Callable[P, T]:
    """``fn`` with its sqlite3 errors raised as StoreError."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with translated():
            return fn(*args, **kwargs)

    return wrapper


def translating_iter(fn: Callable[P, Iterator[T]]) -> Callable[P, Iterator[T]]:
    """``translating`` for a generator: its errors come while it is iterated, not called."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        with translated():
            yield from fn(*args, **kwargs)

    return wrapper
