"""Every test gets its own journal: SELFLEAD_HOME points at a fresh folder under tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from selflead.cli.app import app


@pytest.fixture(autouse=True)
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "journal"
    monkeypatch.setenv("SELFLEAD_HOME", str(home))
    monkeypatch.delenv("SELFLEAD_TODAY", raising=False)
    monkeypatch.setenv("SELFLEAD_LOCK_TIMEOUT", "5")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    yield home


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI as a user would; stdout and stderr are kept apart on the result."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env=env)

    return invoke


@pytest.fixture
def cli_command() -> list[str]:
    """The command line that starts selflead in a separate process."""
    return [sys.executable, "-m", "selflead"]


@pytest.fixture
def subprocess_env(journal: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["SELFLEAD_HOME"] = str(journal)
    return env


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask (0): what selflead creates is private only by its own modes."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def with_checkin(journal: Path, run: Callable[..., Result]) -> Path:
    """A journal with one check-in in week 2026-W47 (on Wednesday 18 November)."""
    result = run(
        "checkin", "--date", "2026-11-18", "--rate", "goals=3", env={"SELFLEAD_TODAY": "2026-11-22"}
    )
    assert result.exit_code == 0, result.stderr
    return journal
