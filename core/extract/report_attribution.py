"""A report's one attacking side, for the incidents whose own sentences name none.

Reports often say who struck once ("Russian forces launched more than 40 missiles
towards Ukraine") and then tell each place hit without the actor ("In Dnipro, a missile
hit a clinic"). When every attribution the report makes names the same side, that side
is what the report says of the incidents it leaves unattributed. A report that names
two sides (each side's strikes, or blame and counter-blame) gives no such answer, and a
side is never given an incident on its own territory from the report's other sentences.
"""

from __future__ import annotations

from incident_review.core.extract.finders import Finders
from incident_review.core.extract.rules import Rules
from incident_review.core.extract.text import Sentence
from incident_review.core.model import Claim, Incident


def fill_from_report(
    rules: Rules, finders: Finders, body: list[Sentence], incidents: list[Incident], report_id: str
) -> None:
    """Give each incident with no perpetrator the side the whole report attributes, if one."""
    bare = [i for i in incidents if not any(c.role == "perpetrator" for c in i.attribution)]
    if not bare:
        return
    first: Claim | None = None
    side = ""
    sides: set[str] = set()
    for s in body:  # the article's own sentences: other stories' headlines name other attackers
        for c in finders.claims(s.text):
            if c.side == "enemy":
                continue  # whose, each incident's territory tells (assemble.Assembler._enemy_of)
            sides.add(c.side)
            if len(sides) > 1:
                return
            if first is None and c.stance == "reported":
                side = c.side
                first = Claim(c.actor, "perpetrator", "reported", None, report_id, s.start + c.start, s.start + c.end)
    if first is None:
        return
    for incident in bare:
        if incident.country is not None and rules.country_sides.get(incident.country) == side:
            continue
        incident.attribution.append(first)
