"""The layering rule: core imports neither textual nor sqlite; storage no textual."""

import subprocess
import sys


def _modules_after(imports: str) -> set[str]:
    code = f"import sys\n{imports}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_imports_no_textual_and_no_sqlite() -> None:
    mods = _modules_after(
        "import incident_review.core.contract, incident_review.core.extract, "
        "incident_review.core.casualties, incident_review.core.reports"
    )
    assert "textual" not in mods
    assert "sqlite3" not in mods and "sqlite_utils" not in mods


def test_storage_imports_no_textual() -> None:
    mods = _modules_after("import incident_review.core, incident_review.storage")
    assert "textual" not in mods


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
