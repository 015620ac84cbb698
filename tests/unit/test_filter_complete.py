"""Completion in the filter bar (core/filter_complete.py)."""

from __future__ import annotations

from incident_review.core.filter_complete import complete

VALUES = {
    "admin1": ["Dnipropetrovsk Oblast", "Kharkiv Oblast", "Kherson Oblast"],
    "place": ["Dnipro", "Kharkiv", "Kharkiv Oblast"],
    "type": ["Battles", "Shelling/artillery/missile attack"],
    "actor": ["Russian forces", "Wagner"],
}


def test_a_key_completes_to_the_keys_it_starts() -> None:
    c = complete("sta", VALUES)
    assert c.line == "status:" and c.suggestion("sta") == "status:"
    assert complete("killed>0 wo", VALUES).line == "killed>0 wounded:"
    assert "contested" in complete("con", VALUES).candidates
    assert complete("xyz", VALUES).candidates == ()


def test_status_completes_to_the_words_the_list_shows_in_a_list() -> None:
    assert complete("status:", VALUES).candidates == ("new", "confirmed", "rejected", "follow-up")
    c = complete("status:new,fo", VALUES)
    assert c.line == "status:new,follow-up" and c.suggestion("status:new,fo") == "status:new,follow-up"
    assert "new" not in complete("status:new,", VALUES).candidates  # a word once


def test_a_value_completes_from_the_store_in_any_case() -> None:
    c = complete("place:khar", VALUES)
    assert c.candidates == ("Kharkiv", "Kharkiv Oblast") and c.line == "place:Kharkiv"
    assert c.suggestion("place:khar") == "place:Kharkiv"  # the Input shows "kiv" after "khar"
    # A value with a space is quoted: Tab completes it, the inline suggestion needs the quote typed.
    two = complete("admin1:Khar", VALUES)
    assert two.line == 'admin1:"Kharkiv Oblast"' and two.suggestion("admin1:Khar") is None
    assert complete('admin1:"Khar', VALUES).suggestion('admin1:"Khar') == 'admin1:"Kharkiv Oblast"'
    assert complete("admin1:oblast", VALUES).candidates[0] == "Dnipropetrovsk Oblast"  # holds it
    assert complete("type:shel", VALUES).line == "type:Shelling"  # the list's word first
    assert complete("killed>0 actor:wa", VALUES).line == "killed>0 actor:Wagner"


def test_counts_and_dates_show_their_forms() -> None:
    c = complete("killed", VALUES)
    assert c.line == "killed:"
    forms = complete("killed>", VALUES)
    assert forms.line is None and "killed>0" in forms.candidates and "killed:3-10" in forms.candidates
    assert "date:2024-01..2024-03" in complete("date:", VALUES).candidates


def test_words_to_search_and_quoted_phrases_complete_to_nothing() -> None:
    assert complete('"strike', VALUES).line is None
    assert complete("status:new ", VALUES).line is None
    assert complete("", VALUES).line is None
