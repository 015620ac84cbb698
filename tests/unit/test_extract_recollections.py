"""A paragraph recalling an earlier event ("Earlier in May, drones struck Kharkiv") holds
only that paragraph: the sentences after it are of the incident told before it again.
Texts written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from incident_review.services.extraction import extractor

TUESDAY = dt.date(2024, 5, 14)
LEAD = "A Russian missile struck an apartment block in Dnipro on Sunday, killing 12 people."
AFTER = "Rescuers cleared the rubble through the night, and 30 people were injured."


def _tolls(text: str) -> dict[str | None, list[tuple[str, int | None]]]:
    return {
        i.location: sorted((f.kind, f.best) for f in i.figures if f.group == "all")
        for i in extractor().extract(text, TUESDAY, "R-1")
    }


@pytest.mark.parametrize(
    "recollection",
    [
        "Earlier in May, drones struck Kharkiv, killing three people.",
        "Earlier in May, drones struck Kharkiv, killing three people. The attack damaged a school.",
        "Last week, a drone strike on Kharkiv killed three people.",
        "Two weeks ago, Russian drones struck Kharkiv, killing three people.",
        "In an earlier attack, a missile hit Kharkiv on 2 May, killing three people.",
        "A day earlier, a drone strike on Kharkiv killed three people.",
        # No wording of recall: its day, before the told incident's, makes it one.
        "On Friday, Russian drones struck Kharkiv, killing three people.",
    ],
)
def test_the_paragraph_after_a_recollection_is_the_told_incident_again(recollection: str) -> None:
    text = f"{LEAD}\n\n{recollection}\n\n{AFTER}"
    assert _tolls(text) == {"Dnipro": [("killed", 12), ("wounded", 30)], "Kharkiv": [("killed", 3)]}


def test_the_recollection_keeps_the_rest_of_its_own_paragraph() -> None:
    text = f"{LEAD}\n\nEarlier in May, drones struck Kharkiv. Three people were killed there.\n\n{AFTER}"
    assert _tolls(text) == {"Dnipro": [("killed", 12), ("wounded", 30)], "Kharkiv": [("killed", 3)]}


def test_a_later_event_goes_on_in_the_next_paragraph() -> None:
    # Monday's strike is news after Sunday's, no recollection: the paragraph after it is its own.
    text = f"{LEAD}\n\nOn Monday, drones struck Kharkiv, killing three people.\n\n{AFTER}"
    assert _tolls(text) == {"Dnipro": [("killed", 12)], "Kharkiv": [("killed", 3), ("wounded", 30)]}
