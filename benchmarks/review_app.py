"""The one place the benchmarks build the review app (how the TUI gets its store may
change: only this function follows)."""

from __future__ import annotations

from pathlib import Path

from incident_review.services.browse import Browse
from incident_review.tui.app import ReviewApp


def review_app(path: str | Path) -> ReviewApp:
    return ReviewApp(Browse.open(path), "bench")
