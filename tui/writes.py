"""Every write the TUI makes goes through ``attempt``: retried while another analyst's long
write holds the store, and any failure turned into a message that says the save did not
happen and why. A write worker never raises (an exception in a Textual worker ends the app).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from incident_review.core.errors import (
    ConflictError,
    InputError,
    MergedAwayError,
    StoreBusyError,
    StoreError,
)

T = TypeVar("T")

# Pauses between tries after StoreBusyError ("database is locked"); each try itself waits up to the store's
# busy timeout, so a save survives an ingest holding the lock for most of a minute.
RETRY_PAUSES: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0)


@dataclass
class Outcome(Generic[T]):
    value: T | None = None
    error: str | None = None  # why nothing was saved; None when it was
    conflict: bool = False  # someone else changed the incident: reload to show theirs

    @property
    def ok(self) -> bool:
        return self.error is None


def attempt(action: Callable[[], T], on_retry: Callable[[str], object] | None = None) -> Outcome[T]:
    """Run ``action`` (one store write, all or nothing) until it succeeds, fails for a
    reason a retry cannot fix, or the store stays locked through every pause."""
    for pause in (*RETRY_PAUSES, None):
        try:
            return Outcome(action())
        except (ConflictError, MergedAwayError) as exc:
            return Outcome(error=f"not saved: {exc}", conflict=True)
        except (InputError, ValueError, KeyError) as exc:
            return Outcome(error=f"not saved: {exc}")
        except StoreBusyError:
            if pause is None:
                return Outcome(
                    error="not saved: the store stayed locked by another analyst's long write "
                    "(an ingest or import); nothing was changed, try again in a moment"
                )
            if on_retry is not None:
                on_retry("store busy (another analyst's write): retrying the save…")
            time.sleep(pause)
        except (StoreError, OSError) as exc:
            return Outcome(error=f"not saved: {exc}")
    raise AssertionError("unreachable")
