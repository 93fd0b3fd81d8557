"""What a command imports at start: the console script skips pydantic's plugin search (selflead
uses no plugins) and with it ``importlib.metadata``, unless the user asked for plugins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from selflead.cli import plugins

SCRIPT = "import sys; from selflead.cli.entry import main; sys.argv[0] = 'selflead'; main()"


def _imported(journal: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", SCRIPT, *args],
        env={**os.environ, "SELFLEAD_HOME": str(journal), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]


@pytest.fixture
def saved(journal: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "checkin", "--rate", "goals=4", "--goals", "a day"],
        env={**os.environ, "SELFLEAD_HOME": str(journal)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return journal


@pytest.mark.parametrize("command", [["show"], ["review", "--last"], ["list"]], ids=" ".join)
def test_a_command_reads_the_journal_without_the_plugin_search(
    saved: Path, command: list[str]
) -> None:
    imported = _imported(saved, *command)
    assert "selflead.models" in imported  # the entries were validated...
    assert "importlib.metadata" not in imported  # ...without looking for plugins
    assert "pydantic.plugin._loader" not in imported


def test_plugins_the_user_asks_for_are_searched(saved: Path) -> None:
    imported = _imported(saved, "show", env={"PYDANTIC_DISABLE_PLUGINS": ""})
    assert "pydantic.plugin._loader" in imported


def test_the_stand_in_answers_no_plugins_and_hands_on_anything_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "pydantic.plugin._loader", raising=False)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    plugins.without_pydantic_plugins()
    stand_in = sys.modules["pydantic.plugin._loader"]
    assert isinstance(stand_in, plugins._NoPlugins)
    assert list(stand_in.get_plugins()) == []
    # A name only the real loader has: it is loaded and takes the stand-in's place.
    assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"
    assert not isinstance(sys.modules["pydantic.plugin._loader"], plugins._NoPlugins)
