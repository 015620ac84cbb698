"""The words the incident list shows for stored values, and back.

The list shows some values shorter than they are stored (``unreviewed`` as ``new``, an
ACLED sub-event type as one word). The filter language (core/filter_text.py) takes the word
shown as well as the stored value, so what an analyst reads in a column is what they
type to filter on it; tui/columns.py draws the columns with the same words.
"""

from __future__ import annotations

from typing import Final

from incident_review.core.model import STATUSES

# ACLED sub-event types shown as one word in the list's type column.
SHORT_TYPES: Final[dict[str, str]] = {
    "Shelling/artillery/missile attack": "Shelling",
    "Air/drone strike": "Air/drone",
    "Armed clash": "Clash",
    "Remote explosive/landmine/IED": "IED/mine",
    "Suicide bomb": "Suicide",
    "Attack": "Attack",
}
# The statuses (core.model.STATUSES) shown shorter in the list; the others as they are.
STATUS_LABELS: Final[dict[str, str]] = {"unreviewed": "new", "needs_follow_up": "follow-up"}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def type_label(sub_event_type: str | None) -> str:
    return SHORT_TYPES.get(sub_event_type or "", sub_event_type or "")


def _fold(word: str) -> str:
    """Case, ``-`` and ``_`` do not tell statuses apart: follow-up, follow_up, FOLLOW-UP."""
    return word.casefold().replace("-", "_")


_STATUS_WORDS: Final[dict[str, str]] = {
    **{_fold(s): s for s in STATUSES},
    **{_fold(label): s for s, label in STATUS_LABELS.items()},
    "followup": "needs_follow_up",
    "follow": "needs_follow_up",
}
_TYPE_WORDS: Final[dict[str, str]] = {
    **{full.casefold(): full for full in SHORT_TYPES},
    **{short.casefold(): full for full, short in SHORT_TYPES.items()},
}


def status_of(word: str) -> str | None:
    """The stored status a word names (``new``, ``follow-up``, ``confirmed``...), or None."""
    return _STATUS_WORDS.get(_fold(word))


def status_words() -> tuple[str, ...]:
    """The statuses as the list shows them, in STATUSES order (for help and completion)."""
    return tuple(status_label(s) for s in STATUSES)


def type_of(word: str) -> str:
    """The stored type a word names: the full sub-event type of a shown word (any case),
    else the word itself (an event type, or a type of another dataset's taxonomy)."""
    return _TYPE_WORDS.get(word.casefold(), word)
