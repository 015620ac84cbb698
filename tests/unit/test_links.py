"""Whether `o` in the detail pane opens a browser or copies the URL (tui/links.py)."""

from __future__ import annotations

import pytest

from incident_review.core.model import Incident, Report, Source
from incident_review.tui.links import browser_plausible, source_url


@pytest.mark.parametrize(
    ("env", "platform", "plausible"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),  # a console, no display
        ({"DISPLAY": "localhost:10.0", "SSH_CONNECTION": "a 1 b 22"}, "linux", False),  # X forwarded
        ({"SSH_TTY": "/dev/pts/3"}, "darwin", False),
        ({}, "darwin", True),
        ({}, "win32", True),
        ({"DISPLAY": ":0"}, "freebsd14", True),
    ],
)
def test_a_browser_only_where_one_can_show(env: dict[str, str], platform: str, plausible: bool) -> None:
    assert browser_plausible(env, platform) is plausible


def test_the_url_of_the_report_shown_else_of_a_source() -> None:
    inc = Incident(id="INC-1", sources=[Source("R1"), Source("R2", url="https://b.example/2")])
    assert source_url(inc, Report("R1", "text", url="https://a.example/1")) == "https://a.example/1"
    assert source_url(inc, Report("R1", "text")) == "https://b.example/2"
    assert source_url(Incident(id="INC-2"), None) is None
