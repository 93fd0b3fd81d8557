"""The registry of commands: the console script builds only the command a command line names,
so the registry must name every command, and each name must lead to the module that adds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import selflead
from selflead.cli.app import app
from selflead.cli.root import COMMANDS, _command_word


def _registered_names() -> list[str]:
    commands = [str(command.name) for command in app.registered_commands]
    groups = [str(group.typer_instance.info.name) for group in app.registered_groups]
    return commands + groups


def test_the_registry_names_every_command_once() -> None:
    names = _registered_names()
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(COMMANDS)


def test_help_lists_every_command_in_the_registrys_order(journal: Path) -> None:
    done = selflead("--help")
    assert done.returncode == 0, done.stderr
    block = done.stdout.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    listed = [line.split()[0] for line in block.splitlines() if not line.startswith("   ")]
    # Typer lists the commands, then the command groups, each in the order registered.
    groups = {str(group.typer_instance.info.name) for group in app.registered_groups}
    commands = [name for name in COMMANDS if name not in groups]
    assert listed == commands + [name for name in COMMANDS if name in groups]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_runs_from_the_console_script(journal: Path, name: str) -> None:
    # Only the named command's module is registered: its help is that command's own.
    done = selflead("--journal", str(journal), name, "--help")
    assert done.returncode == 0, done.stderr
    assert f"Usage: selflead {name} [OPTIONS]" in done.stdout


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["show"], "show"),
        (["--journal", "x", "show", "2026-01-01"], "show"),
        (["--journal=x", "--debug", "review", "--last"], "review"),
        (["--debug", "goal", "list"], "goal"),
        (["--help"], None),
        (["--version"], None),
        (["--journal", "show"], None),  # "show" is the journal's folder: no command
        ([], None),
    ],
)
def test_the_command_word_skips_the_global_options(args: list[str], word: str | None) -> None:
    assert _command_word(args) == word


def test_a_mistyped_command_is_told_the_nearest_one(journal: Path) -> None:
    done = selflead("--journal", str(journal), "shw")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: No such command 'shw'. Did you mean 'show'?; see 'selflead --help'"
    )


def test_global_options_before_the_command_still_apply(journal: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    done = selflead(f"--journal={other}", "--debug", "checkin", "--rate", "goals=4")
    assert done.returncode == 0, done.stderr
    assert list((other / "entries").rglob("*.json"))
    assert not (journal / "entries").exists()
