"""A town name several places share, settled by the rest of the report.

A sentence that names no region gives a shared town name its most populous namesake
("Zolochiv": the one in Lviv Oblast). A report about one region rarely says so in every
sentence: when the report's other incidents lie in a region where a namesake is, and the
report never names the region first chosen, the incident is that namesake ("Russian
forces also shelled Zolochiv", told by the Kharkiv governor among Kharkiv's towns).
"""

from __future__ import annotations

import re
from typing import Any

from incident_review.core.extract.lexicon import fold
from incident_review.core.extract.places import Gazetteer
from incident_review.core.model import Incident


def settle_homonyms(gazetteer: Gazetteer, text: str, incidents: list[Incident]) -> None:
    if len(incidents) < 2:
        return
    folded = fold(text)
    for incident in incidents:
        if not incident.location or not incident.admin1:
            continue
        entries = gazetteer.towns.get(incident.location.lower())
        if not entries or len(entries) < 2:
            continue
        others = {o.admin1 for o in incidents if o is not incident and o.admin1 and o.country == incident.country}
        if not others or incident.admin1 in others or _names_region(folded, incident.admin1):
            continue
        chosen = next((e for e in entries if e["admin1"] == incident.admin1), None)
        namesake = next((e for e in entries if e["admin1"] in others and e["country"] == incident.country), None)
        if namesake is not None and not _far_bigger(chosen, namesake):
            incident.admin1 = namesake["admin1"]
            incident.latitude, incident.longitude = namesake["lat"], namesake["lon"]


def _names_region(folded: str, admin1: str) -> bool:
    """Whether the report names the region (or its namesake city): "Lviv" of "Lviv Oblast"."""
    stem = fold(admin1.split(" ")[0])
    return re.search(r"\b" + re.escape(stem[: max(4, len(stem) - 2)]), folded) is not None


def _far_bigger(chosen: dict[str, Any] | None, namesake: dict[str, Any]) -> bool:
    """A city of 100,000 is not a hamlet of 600 that shares its name: a report about Kharkiv's
    towns that mentions Nikopol means the city (a tenth of the size or less is not a rival)."""
    if chosen is None:
        return False
    return (namesake.get("population") or 0) * 10 < (chosen.get("population") or 0)
