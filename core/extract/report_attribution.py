"""A report's one attacking side, for the incidents whose own sentences name none.

Reports often say who struck once ("Russian forces launched more than 40 missiles
towards Ukraine") and then tell each place hit without the actor ("In Dnipro, a missile
hit a clinic"). When every attribution the report makes names the same side, that side
is what the report says of the incidents it leaves unattributed. A side is never given an
incident on its own territory, so a report of Russian strikes on Ukrainian cities that ends
with Ukrainian drones over Russia still gives the cities Russia; one that names two sides
which could both have struck a place (a third country's) gives that place neither; and no
side is given ground the report calls occupied ("in Russian-occupied Berdyansk"): that ground is
held by the side that occupies it, whose attacker is the other.
"""

from __future__ import annotations

import re

from incident_review.core.extract.finders import Finders
from incident_review.core.extract.rules import Rules
from incident_review.core.extract.text import Sentence
from incident_review.core.model import Claim, Incident

# Right before a place's name, within its sentence: "in occupied Berdyansk", "the
# Russian-occupied city of Melitopol", "temporarily occupied Nova Kakhovka".
_OCCUPIED_BEFORE = re.compile(r"\b(?:occupied|[\w-]+-(?:held|controlled))\s+(?:[\w’'-]+\s+){0,3}$", re.I)


def fill_from_report(
    rules: Rules, finders: Finders, body: list[Sentence], incidents: list[Incident], report_id: str
) -> None:
    """Give each incident with no perpetrator the one side the whole report attributes
    attacks to, of the sides that could have struck its ground."""
    bare = [i for i in incidents if not any(c.role == "perpetrator" for c in i.attribution)]
    if not bare:
        return
    sides: set[str] = set()
    first: dict[str, Claim] = {}  # each side's first claim the report reports, not blames
    for s in body:  # the article's own sentences: other stories' headlines name other attackers
        for c in finders.claims(s.text):
            if c.side == "enemy":
                continue  # whose, each incident's territory tells (assemble.Assembler._enemy_of)
            sides.add(c.side)
            if c.stance == "reported" and c.side not in first:
                first[c.side] = Claim(
                    c.actor, "perpetrator", "reported", None, report_id, s.start + c.start, s.start + c.end
                )
    for incident in bare:
        # A side never strikes its own ground: "Ukrainian drones hit a refinery in Russia"
        # leaves Russia the one side that could have struck the Ukrainian towns listed.
        own = rules.country_sides.get(incident.country or "")
        could = sides - {own} if own else sides
        if len(could) != 1:
            continue  # two sides that could have: blame and counter-blame, each side's strikes
        (side,) = could
        claim = first.get(side)
        if claim is None:
            continue
        # Occupied ground of a country is held by one of the other countries' sides.
        if own and side in rules.country_sides.values() and _called_occupied(body, incident):
            continue
        incident.attribution.append(claim)


def _called_occupied(body: list[Sentence], incident: Incident) -> bool:
    """The sentence that places ``incident`` calls its place occupied or held by a side."""
    span = incident.spans.get("location") or incident.spans.get("admin1")
    if span is None:
        return False
    for s in body:
        if s.start <= span.start < s.start + len(s.text):
            at = span.start - s.start
            return _OCCUPIED_BEFORE.search(s.text, max(0, at - 60), at) is not None
    return False
