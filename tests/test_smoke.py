"""The package installs, answers --version and --help, and records a scripted check-in."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from selflead import __version__


def test_version(run: Callable[..., Result]) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"selflead {__version__}"


def test_python_dash_m(cli_command: list[str], subprocess_env: dict[str, str]) -> None:
    done = subprocess.run(
        [*cli_command, "--version"], capture_output=True, text=True, env=subprocess_env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"selflead {__version__}"


def test_scripted_checkin_is_stored(run: Callable[..., Result], journal: Path) -> None:
    result = run("checkin", "--date", "2026-11-23", "--rate", "goals=4", "--goals", "Closed Q4")
    assert result.exit_code == 0, result.stderr
    day_file = journal / "entries" / "2026" / "2026-11-23.json"
    data = json.loads(day_file.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    [entry] = data["entries"]
    assert entry["goals"] == {"rating": 4, "reflection": "Closed Q4"}
    assert entry["communication"] == {"rating": None, "reflection": ""}
