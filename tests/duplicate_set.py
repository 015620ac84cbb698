"""Load the hand-labelled duplicate set as MatchInputs and its true pairs."""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from incident_review.core.matching import MatchInput

LABELLED = Path(__file__).parent / "data" / "duplicates" / "labelled.yaml"


def _bounds(v: list[Any]) -> tuple[int | None, int | None]:
    return (v[0], v[1]) if v else (None, None)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def load() -> tuple[list[MatchInput], set[frozenset[str]]]:
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    inputs = []
    for d in data["incidents"]:
        date = _date(d["date"])
        inputs.append(
            MatchInput(
                id=d["id"],
                report=d["report"],
                country=d["country"],
                admin1=d["admin1"],
                location=d["location"],
                date=date,
                date_end=d.get("date_end"),
                date_precision=d.get("precision", "day" if date else "unknown"),
                event_type="Battles" if d["type"] == "Armed clash" else "Explosions/Remote violence",
                sub_event_type=d["type"],
                weapons=tuple(d["weapons"]),
                damage=tuple(d["damage"]),
                killed=_bounds(d["killed"]),
                wounded=_bounds(d["wounded"]),
                text=d["text"],
                latitude=d.get("lat"),
                longitude=d.get("lon"),
                geo_precision="town" if "lat" in d else "unknown",
                published=_date(d.get("published")),
            )
        )
    truth = {frozenset(p) for c in data["clusters"] for p in combinations(c, 2)}
    return inputs, truth
