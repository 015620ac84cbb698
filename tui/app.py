"""Placeholder replaced below."""
from pathlib import Path


def run(db: Path, analyst: str) -> None:
    raise SystemExit("TUI not built yet")
