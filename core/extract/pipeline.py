"""A report's incidents: segmentation (``segment.py``) reads its sentences in order into
drafts, assembly (``assemble.py``) turns each draft into an incident with provenance, and
consolidation (``consolidate.py``) joins the tellings of one event. What each sentence
names is found once per report (``finders.py``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from incident_review.core.extract.assemble import Assembler
from incident_review.core.extract.casualties import CasualtyFinder
from incident_review.core.extract.consolidate import consolidate
from incident_review.core.extract.draft import Draft
from incident_review.core.extract.finders import Finders
from incident_review.core.extract.report_attribution import fill_from_report
from incident_review.core.extract.report_places import settle_homonyms
from incident_review.core.extract.rules import Rules
from incident_review.core.extract.segment import Segmenter
from incident_review.core.extract.text import Sentence
from incident_review.core.extract.wording import Wording
from incident_review.core.model import Incident


def report_country(finders: Finders, body: list[Sentence]) -> str | None:
    """The country the report's sentences name most often (Ukraine in a speech given there)."""
    counts = Counter(p.country for s in body for p, _ in finders.roles(s.text) if p.country)
    return counts.most_common(1)[0][0] if counts else None


class Extractor:
    """Build once with the rules; ``extract`` is then a pure function of the report."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.casualties = CasualtyFinder(rules)
        self.finders = Finders(rules, self.casualties)
        self.segmenter = Segmenter(rules, self.finders, Wording(rules, self.finders.figures))
        self.assembler = Assembler(rules, self.finders)

    def segment(self, text: str, published: dt.date | None) -> list[Draft]:
        return self.segmenter.segment(text, published)

    def extract(
        self, text: str, published: dt.date | None, report_id: str, outlet: str | None = None, url: str | None = None
    ) -> list[Incident]:
        self.finders.forget()  # the previous report's sentences
        drafts, body = self.segmenter.read(text, published)
        placed = [d for d in drafts if not d.unlocated]
        incidents = consolidate([self.assembler.assemble(d, drafts, published, report_id, outlet, url) for d in placed])
        if self.rules.incidents_need_region:
            # ACLED codes no event without a location: "strikes throughout Ukraine overnight"
            # and nationwide tallies stay in the report's text, not in the incident list. In a
            # country whose regions the gazetteer does not hold ("a drone fell in Moldova")
            # the country is all we can know, and the incident stays.
            regional = self.rules.gazetteer.countries_with_regions
            incidents = [i for i in incidents if i.location or i.admin1 or i.country not in regional]
        if not incidents:
            # A report that places no incident but tells one with its day and its toll ("just
            # yesterday we saw the bombing of a market, 17 people or more killed") reports that
            # one: the analyst needs it in the list, to place it from other reports.
            unplaced = next((d for d in drafts if d.unlocated), None)
            if unplaced is not None:
                unplaced.country = unplaced.country or report_country(self.finders, body)
                if unplaced.country is not None:  # in no country the report names: not this report's news
                    incidents = [self.assembler.assemble(unplaced, drafts, published, report_id, outlet, url)]
        settle_homonyms(self.rules.gazetteer, text, incidents)
        fill_from_report(self.rules, self.finders, body, incidents, report_id)
        return incidents
