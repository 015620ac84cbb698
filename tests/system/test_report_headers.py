"""Report headers (known and unknown keys, any date form) and publication dates inferred
from the report when its header has none."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from incident_review.core.reports import apply_defaults, inferred_note, parse_text, read_report_file
from tests.conftest import run_cli

BODY = "Russian shelling hit Kharkiv yesterday, killing two people."


def _read(tmp_path: Path, text: str, name: str = "r.txt") -> tuple:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = read_report_file(path)[0]
    return report, report.published.isoformat() if report.published else None, report.published_source


def test_unknown_header_keys_are_metadata_not_text(tmp_path: Path) -> None:
    report, published, source = _read(
        tmp_path, "source: Wire\nlicence: CC BY 4.0\nauthor: A. Writer\nlang: en\ndate: 2023-05-23\n\n" + BODY
    )
    assert report.text == BODY
    assert report.outlet == "Wire" and (published, source) == ("2023-05-23", "header")
    assert report.meta == {"licence": "CC BY 4.0", "author": "A. Writer", "lang": "en"}


def test_front_matter_keeps_unknown_keys_too(tmp_path: Path) -> None:
    report, published, _ = _read(tmp_path, "---\noutlet: Local\nlicense: CC0\ndate: 2024-07-02\n---\n" + BODY, "r.md")
    assert report.text == BODY and published == "2024-07-02" and report.meta == {"license": "cc0".upper()}


@pytest.mark.parametrize(
    "text",
    [
        "Note: translated from Ukrainian.\n\n" + BODY,  # a block of unknown keys only is text
        "Note: translated from Ukrainian.\n" + BODY,  # a body line follows: no header block at all
        "Kharkiv: " + BODY + "\n\nMore later.",
    ],
)
def test_a_body_opening_with_a_colon_line_is_not_eaten(tmp_path: Path, text: str) -> None:
    report, _, _ = _read(tmp_path, text)
    assert report.text == text.strip() and report.meta == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-23T14:02:00+03:00", "2023-05-23"),
        ("2023-05-23T23:30:00Z", "2023-05-23"),
        ("23 May 2023", "2023-05-23"),
        ("May 23, 2023 14:00 GMT", "2023-05-23"),
        ("Tue, 23 May 2023 14:02:00 +0000", "2023-05-23"),
        ("23/05/2023", "2023-05-23"),
    ],
)
def test_header_dates_in_common_forms(value: str, expected: str) -> None:
    report = parse_text(Path("r.txt"), f"source: Wire\ndate: {value}\n\n{BODY}")
    assert report.published is not None and report.published.isoformat() == expected


@pytest.mark.parametrize(
    ("header", "body", "expected", "source"),
    [
        ("url: https://news.example/world/2023/05/23/kharkiv-strike\n", BODY, "2023-05-23", "url"),
        ("url: https://news.example/europe/kharkiv-strike-2023-05-23/\n", BODY, "2023-05-23", "url"),
        ("url: https://news.example/a/20230523-kharkiv\n", BODY, "2023-05-23", "url"),
        ("url: https://news.example/world/2023/may/23/kharkiv\n", BODY, "2023-05-23", "url"),
        ("url: https://gov.example/briefing-on-kharkiv-may-23-2023/\n", BODY, "2023-05-23", "url"),
        (
            "url: https://news.example/a/1\n",
            "Home | World | Europe\nPublished 23 May 2023\n" + BODY,
            "2023-05-23",
            "byline",
        ),
        # "Published" beats "Updated"; an updated line alone still dates the report.
        (
            "url: https://news.example/a/1\n",
            "Updated: 2023-05-24 14:02\nPublished: 2023-05-23 09:00\n" + BODY,
            "2023-05-23",
            "byline",
        ),
        ("url: https://news.example/a/1\n", "Updated: 2023-05-24 14:02\n" + BODY, "2023-05-24", "updated"),
        (
            "url: https://news.example/a/1\n",
            "World news\nTuesday 23 May 2023 10.45 BST\n" + BODY,
            "2023-05-23",
            "timestamp",
        ),
        # A dateline's year from the URL, else from a full date the text writes.
        (
            "url: https://news.example/2023/world/kharkiv\n",
            "KYIV, May 23 (Reuters) - " + BODY,
            "2023-05-23",
            "dateline",
        ),
        (
            "url: https://news.example/a/1\n",
            "KYIV, May 23 (Reuters) - " + BODY + " A strike on 20 May 2023 hit it too.",
            "2023-05-23",
            "dateline",
        ),
        # Last: the first full date that can be an event's (not a birth date).
        (
            "url: https://news.example/a/1\n",
            "A man born on 3 March 1990 was killed in Kharkiv on 14 January 2023.",
            "2023-01-14",
            "text",
        ),
        # ... and not a background date long before the report's own ones.
        (
            "url: https://news.example/a/1\n",
            "The invasion launched on 24 February 2022 goes on. A drone hit Kharkiv on"
            " 14 January 2023, and another on 15 January 2023.",
            "2023-01-14",
            "text",
        ),
        ("updated: 2023-05-24\n", BODY, "2023-05-24", "header-updated"),
        # A "Date:" line (an infobox's date of the event as often as a page's) is an estimate,
        # after every real publication date.
        ("url: https://news.example/a/1\n", "- Date: 20 May 2023\n" + BODY, "2023-05-20", "dated"),
        (
            "url: https://news.example/2023/x\n",
            "Date: 20 May 2023\nKYIV, May 23 (Reuters) - " + BODY,
            "2023-05-23",
            "dateline",
        ),
    ],
)
def test_publication_date_inferred_in_order_of_trust(
    tmp_path: Path, header: str, body: str, expected: str, source: str
) -> None:
    report, published, found = _read(tmp_path, "source: Wire\n" + header + "\n" + body)
    assert (published, found) == (expected, source)
    assert report.published_inferred and report.published_estimated == (source in ("dated", "text"))
    note = inferred_note(report)
    assert note is not None and note.startswith(f"{report.report_id}: publication date {expected} inferred from ")


def test_no_clue_leaves_the_date_unknown(tmp_path: Path) -> None:
    report, published, source = _read(tmp_path, "source: Wire\nurl: https://news.example/a/1\n\nKYIV, May 23 - " + BODY)
    assert (published, source) == (None, None) and inferred_note(report) is None


def test_header_date_wins_and_the_option_beats_only_inference(tmp_path: Path) -> None:
    stated, _, _ = _read(tmp_path, "date: 2023-05-20\nurl: https://news.example/2023/05/23/a\n\n" + BODY)
    assert stated.published == dt.date(2023, 5, 20) and stated.published_source == "header"
    assert apply_defaults(stated, dt.date(2024, 1, 1), None).published == dt.date(2023, 5, 20)
    inferred, _, _ = _read(tmp_path, "url: https://news.example/2023/05/23/a\n\n" + BODY)
    assert inferred.published_source == "url"
    apply_defaults(inferred, dt.date(2024, 1, 1), None)
    assert (inferred.published, inferred.published_source) == (dt.date(2024, 1, 1), "--published")
    assert inferred_note(inferred) is None


def test_jsonl_records_are_inferred_too(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"url": "https://news.example/2023/05/23/a", "text": BODY, "lang": "en"}) + "\n")
    report = read_report_file(path)[0]
    assert (report.published, report.published_source, report.meta) == (dt.date(2023, 5, 23), "url", {"lang": "en"})


def test_ingest_prints_and_notes_an_inferred_date(tmp_path: Path, db_path: Path) -> None:
    f = tmp_path / "wire.txt"
    f.write_text(
        "source: Wire\nurl: https://news.example/world/2023/05/23/kharkiv-strike\nlicence: CC BY 4.0\n\n" + BODY + "\n",
        encoding="utf-8",
    )
    result = run_cli("ingest", str(f), db=db_path)
    assert result.exit_code == 0, result.output
    report_id = read_report_file(f)[0].report_id
    assert f"{report_id}: publication date 2023-05-23 inferred from the URL" in result.output
    inc = yaml.safe_load(run_cli("export", db=db_path).output)["incidents"][0]
    assert inc["date"].isoformat() == "2023-05-22"  # "yesterday" of the inferred day
    assert inc["sources"][0]["published"].isoformat() == "2023-05-23"
    assert any("inferred from the URL" in n["text"] for n in inc["notes"])
    again = run_cli("ingest", str(f), db=db_path)  # already stored: nothing inferred anew
    assert "inferred" not in again.output


def test_an_inferred_date_lets_two_reports_of_one_strike_pair(tmp_path: Path, db_path: Path) -> None:
    """The reason to infer: an undated incident is never a duplicate candidate."""
    (tmp_path / "wire.txt").write_text(
        "source: Wire\ndate: 2023-05-23\n\nA Russian missile struck an apartment block in Kharkiv on Tuesday, "
        "killing three people and wounding 12, the regional governor said.\n",
        encoding="utf-8",
    )
    (tmp_path / "local.txt").write_text(
        "source: Local\nurl: https://local.example/news/2023/05/23/kharkiv-missile\nlicence: CC BY 4.0\n\n"
        "Three people were killed and 12 wounded when a Russian missile hit an apartment block in Kharkiv, "
        "the governor said.\n",
        encoding="utf-8",
    )
    result = run_cli("ingest", str(tmp_path / "wire.txt"), str(tmp_path / "local.txt"), db=db_path)
    assert result.exit_code == 0 and "inferred from the URL" in result.output
    pairs = yaml.safe_load(run_cli("duplicates", "--format", "yaml", db=db_path).output)["pairs"]
    assert len(pairs) == 1


def test_an_estimate_from_the_text_dates_no_incident(tmp_path: Path, db_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text(
        "source: Encyclopedia\n\nOn 14 January 2023, a Russian missile hit an apartment block in Dnipro. "
        "Russian shelling hit Kharkiv yesterday, killing two people.\n",
        encoding="utf-8",
    )
    result = run_cli("ingest", str(f), db=db_path)
    assert "publication date 2023-01-14 inferred from the first full date in the text (an estimate" in result.output
    by_place = {i["location"]: i for i in yaml.safe_load(run_cli("export", db=db_path).output)["incidents"]}
    assert by_place["Dnipro"]["date"].isoformat() == "2023-01-14"
    assert by_place["Kharkiv"]["date"] is None  # "yesterday" of an estimate is not a date
