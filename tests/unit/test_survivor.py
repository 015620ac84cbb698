"""Which incident a duplicate group merges into by default, and the merge preview (issue #12
item 1: the emptiest incident survived and its blanks looked like the result)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from incident_review.core.merge import default_survivor, filled_fields, merge, taken_from
from incident_review.core.model import Incident, Source
from incident_review.services.merge_preview import preview_merge

DAY = dt.date(2024, 3, 2)


def _bare(i: int, **kw: object) -> Incident:
    base = Incident(id=f"INC-{i:06d}", date=DAY, country="UA", sources=[Source(f"R-{i}")])
    return replace(base, **kw)  # type: ignore[arg-type]


def _full(i: int, **kw: object) -> Incident:
    values: dict[str, object] = {
        "location": "Kharkiv",
        "admin1": "Kharkiv Oblast",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "summary": "A drone hit a depot.",
        **kw,
    }
    return _bare(i, **values)


def test_the_incident_with_more_sources_survives_whatever_its_place_in_the_group() -> None:
    two = _bare(2, sources=[Source("R-2"), Source("R-9")])
    assert default_survivor([_full(1), two]) == 1
    assert default_survivor([two, _full(1)]) == 0


def test_with_as_many_sources_the_one_with_more_fields_filled_survives() -> None:
    empty, full = _bare(1), _full(2)
    assert filled_fields(full) > filled_fields(empty)
    assert default_survivor([empty, full]) == 1
    assert default_survivor([full, empty]) == 0


def test_a_reviewed_incident_survives_so_its_review_is_not_merged_away() -> None:
    confirmed = _bare(1, status="confirmed")
    assert default_survivor([confirmed, _full(2, sources=[Source("R-2"), Source("R-3")])]) == 0
    graded = _bare(1, grade="fair")
    assert default_survivor([_full(2), graded]) == 1


def test_a_tie_keeps_the_first_listed() -> None:
    assert default_survivor([_full(1), _full(2), _full(3)]) == 0
    with pytest.raises(ValueError):
        default_survivor([])


def test_blank_fields_of_the_survivor_are_taken_from_another() -> None:
    empty, full = _bare(1, location="", summary=None), _full(2)
    taken = taken_from(empty, [full])
    assert taken["location"] == taken["summary"] == taken["admin1"] == full.id
    assert taken["date"] == empty.id  # both have one: the survivor's
    merged, _ = merge(empty, [full])
    assert merged.location == "Kharkiv" and merged.summary == "A drone hit a depot."


def test_the_preview_is_the_merge_with_the_columns_the_analyst_took() -> None:
    members = [_full(1, summary="first telling"), _full(2, summary="second telling", location="Kharkiv city")]
    preview = preview_merge(members, 1, {"summary": 0})
    assert preview.merged.id == members[1].id
    assert preview.merged.summary == "first telling" and preview.taken["summary"] == 0
    assert preview.merged.location == "Kharkiv city" and preview.taken["location"] == 1
    assert [s.report for s in preview.merged.sources] == ["R-2", "R-1"]
    assert preview.merged == merge(members[1], [members[0]], {"summary": members[0].id})[0]
