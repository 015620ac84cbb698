"""What config/keys.yaml holds (re-exported by ``core.settings``).

Its own module: the review TUI reads this file at start-up and nothing else of config/, and
``core.settings`` (a class per rule of every other file) costs its start ~20 ms to import.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Keys:
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> comma-separated key names
    # After confirming or rejecting one row, the cursor moves on to the next unreviewed row.
    advance_after_review: bool = True
