"""Where an incident's source URL is, and whether a browser can open it here: over SSH
(or without a display) ``webbrowser`` would find no browser, or start a text one inside
the app's own terminal, so the URL is copied and shown instead."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from incident_review.core.model import Incident, Report

_SSH = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


def browser_plausible(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether a graphical browser is likely to open on the analyst's screen: not over
    SSH, and on Linux and the BSDs only with an X or Wayland display."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if any(env.get(name) for name in _SSH):
        return False
    if platform == "darwin" or platform.startswith(("win", "cygwin")):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def source_url(inc: Incident | None, report: Report | None) -> str | None:
    """The URL of the report on show, else the first source's that has one."""
    if report is not None and report.url:
        return report.url
    if inc is None:
        return None
    return next((s.url for s in inc.sources if s.url), None)
