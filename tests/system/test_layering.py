"""What the import-linter contracts (pyproject.toml, run by ``lint-imports`` in .ci/run)
cannot see: what is loaded at run time. The contracts cover every import statement, those
inside functions included: the layers, the TUI never importing storage or sqlite3, core
and storage no UI. Here: lazy imports stay lazy, and only the namespace is installed."""

import subprocess
import sys


def _modules_after(imports: str) -> set[str]:
    code = f"import sys\n{imports}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_cli_help_does_not_load_textual() -> None:
    mods = _modules_after("import incident_review.cli.main")
    assert "textual" not in mods


def test_no_bare_layer_modules_installed() -> None:
    """Only the incident_review namespace is importable, not bare tui/storage/config."""
    code = "import importlib.util as u; print([m for m in ('tui','storage','config','core') if u.find_spec(m)])"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/"
    ).stdout.strip()
    assert out == "[]"


def test_the_duplicate_screen_loads_matching_in_its_workers_not_on_opening() -> None:
    """The "d" key imports the screen on the event loop: numpy and rapidfuzz (seconds, cold) load in
    its workers or the app's warm-up thread, so the key answers at once (issue #12)."""
    mods = _modules_after("import incident_review.tui.app, incident_review.tui.duplicate_review")
    assert "incident_review.tui.duplicate_review" in mods
    assert not {"numpy", "rapidfuzz", "incident_review.core.matching"} & mods
