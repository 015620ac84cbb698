"""Countries and regions as datasets spell them -> ours: pycountry's names and codes, the
gazetteer's countries and admin1 aliases, and a close spelling as a last resort."""

from __future__ import annotations

from functools import cache
from typing import Final

from rapidfuzz import fuzz, process

from incident_review.services.csv_io import country_code, country_name, country_names
from incident_review.services.extraction import extractor

# A misspelling ("Belaurs", "ukrain", "Russa") is read as the country whose name it is
# closest to when it is this close (fuzz.ratio) and no other name comes within MARGIN:
# "Austrlia" is as close to Austria as to Australia and stays unknown.
CLOSE: Final = 85.0
MARGIN: Final = 5.0


class DatasetPlaces:
    """The ``Places`` of core.dataset_formats.rows, built once per process."""

    def __init__(self) -> None:
        # Each spelling's answer, for the gazetteer it came from: a dataset names a few dozen
        # regions over 100k rows, each looked up through every candidate spelling.
        self._gazetteer: object | None = None
        self._admin1: dict[str, tuple[str, str] | None] = {}

    def country(self, value: str) -> tuple[str, str | None] | None:
        return _country(" ".join(value.split()))

    def admin1(self, value: str) -> tuple[str, str] | None:
        gazetteer = extractor().rules.gazetteer
        if gazetteer is not self._gazetteer:  # (the config was read again: a test's override)
            self._gazetteer, self._admin1 = gazetteer, {}
        try:
            return self._admin1[value]
        except KeyError:
            found = self._admin1[value] = gazetteer.admin1_entry(value)
            return found


@cache
def _country(value: str) -> tuple[str, str | None] | None:
    code = country_code(value) or extractor().rules.gazetteer.countries.get(value.lower())
    if code:
        return code, None
    names = country_names()
    key = value.lower()
    found = process.extract(key, list(names), scorer=fuzz.ratio, limit=5, score_cutoff=CLOSE)
    if not found or found[0][0][:1] != key[:1]:
        return None
    codes = {names[name] for name, score, _ in found if score > found[0][1] - MARGIN}
    if len(codes) != 1:
        return None
    best = names[found[0][0]]
    return best, f"{value!r} read as {best} ({country_name(best)}), the closest spelling"


@cache
def places() -> DatasetPlaces:
    return DatasetPlaces()
