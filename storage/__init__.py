"""SQLite persistence through sqlite-utils. The only layer that contains SQL.

It takes and returns ``incident_review.core`` objects, never rows, and raises
``core.errors.StoreError`` (never sqlite3's errors) from ``Store``, its front.
"""

from incident_review.storage.store import Store

__all__ = ["Store"]
