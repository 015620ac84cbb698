"""Event types across datasets (config/crosswalk.yaml): the kinds of violence an incident's
type can be, read from ACLED's event and sub-event types, UCDP's type_of_violence, ACLED's
civilian targeting mark and Bellingcat's filters (the incident's tags). Matching compares
two incidents of different taxonomies by whether they share a kind (core/matching)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from incident_review.core.settings import Crosswalk

# Between an incident's tags: ACLED's "; " and Bellingcat's JSON filters (as imported), the
# commas of Bellingcat's CSV download.
TAG_SEPARATORS: Final = re.compile(r"[;,]")


class TypeCrosswalk:
    """An incident's kinds from its type fields, and the credit for two that share one."""

    def __init__(self, settings: Crosswalk) -> None:
        self.shared_credit = settings.shared_credit
        self.events = _frozen(settings.acled_event_types)
        self.sub_events = _frozen(settings.acled_sub_event_types)
        self.targeting = frozenset(settings.civilian_targeting)
        self.violence = _frozen(settings.ucdp_type_of_violence)
        self.tags = {key.casefold(): kinds for key, kinds in _frozen(settings.bellingcat_filters).items()}
        # Every kind a bit, for the matcher's arrays.
        named = [*self.events.values(), *self.sub_events.values(), self.targeting, *self.violence.values()]
        names = sorted({k for kinds in (*named, *self.tags.values()) for k in kinds})
        if len(names) > 64:
            raise ValueError("config/crosswalk.yaml: more than 64 kinds")
        self.bits = {name: 1 << i for i, name in enumerate(names)}

    def kinds(
        self,
        event_type: str | None,
        sub_event_type: str | None,
        type_of_violence: str | None = None,
        civilian_targeting: str | None = None,
        tags: str | None = None,
    ) -> frozenset[str]:
        """What the incident's type can be; empty when nothing of it is known."""
        found: set[str] = set()
        if sub_event_type and sub_event_type in self.sub_events:
            found |= self.sub_events[sub_event_type]
        elif event_type:
            found |= self.events.get(event_type, frozenset())
        if type_of_violence:
            found |= self.violence.get(type_of_violence, frozenset())
        if civilian_targeting:
            found |= self.targeting
        for tag in TAG_SEPARATORS.split(tags or ""):
            found |= self.tags.get(tag.strip().casefold(), frozenset())
        return frozenset(found)

    def mask(self, kinds: Iterable[str]) -> int:
        """``kinds`` as bits (0: none known)."""
        out = 0
        for kind in kinds:
            out |= self.bits[kind]
        return out


def _frozen(table: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    return {key: frozenset(kinds) for key, kinds in table.items()}
