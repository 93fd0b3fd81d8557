"""Shell completion through Typer's own mechanism, run as the shell runs it: a subprocess with
the completion variables set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY_POINT = "import sys; from selflead.cli.entry import main; sys.argv[0] = 'selflead'; main()"


def complete(env: dict[str, str], words: str, cword: int) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT],
        env={
            **env,
            "_SELFLEAD_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_commands_complete(subprocess_env: dict[str, str]) -> None:
    assert complete(subprocess_env, "selflead ch", 1) == ["checkin"]
    assert complete(subprocess_env, "selflead d", 1) == ["delete", "doctor", "due"]


def test_import_sources_and_areas_complete(subprocess_env: dict[str, str]) -> None:
    assert complete(subprocess_env, "selflead import --from d", 3) == ["dayone", "daylio"]
    assert complete(subprocess_env, "selflead import --area ", 3) == [
        "communication",
        "emotions",
        "behaviour",
        "goals",
    ]
    assert complete(subprocess_env, "selflead import --dr", 2) == ["--dry-run"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(
    subprocess_env: dict[str, str], cli_command: list[str], shell: str
) -> None:
    done = subprocess.run(
        [*cli_command, "--show-completion", shell],
        env=subprocess_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "_SELFLEAD_COMPLETE" in done.stdout


def test_install_completion_writes_under_home(
    subprocess_env: dict[str, str], cli_command: list[str], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(
        [*cli_command, "--install-completion", "bash"],
        env={**subprocess_env, "HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    script = home / ".bash_completions" / "selflead.sh"
    assert "_SELFLEAD_COMPLETE" in script.read_text(encoding="utf-8")
    assert str(script.relative_to(home)) in (home / ".bashrc").read_text(encoding="utf-8")


def test_tags_in_use_complete_most_used_first(
    subprocess_env: dict[str, str], cli_command: list[str]
) -> None:
    env = {**subprocess_env, "SELFLEAD_TODAY": "2026-11-27"}
    for tags in (["q4", "planning"], ["q4"], ["people"]):
        words = [w for tag in tags for w in ("--tag", tag)]
        done = subprocess.run(
            [*cli_command, "checkin", "--rate", "goals=4", *words],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert complete(env, "selflead checkin --tag ", 3) == ["q4", "people", "planning"]
    assert complete(env, "selflead checkin --tag p", 3) == ["people", "planning"]


def test_ids_complete_with_the_last_months_short_ids(subprocess_env: dict[str, str]) -> None:
    env = {**subprocess_env, "SELFLEAD_TODAY": "2026-11-27"}
    for text in ("older", "newer"):
        done = subprocess.run(
            [sys.executable, "-m", "selflead", "checkin", "--goals", text],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "selflead", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    ids = [e["id"] for e in sorted(json.loads(listed.stdout), key=lambda e: e["created"])]
    offered = complete(env, "selflead edit ", 2)
    assert len(offered) == 2
    assert [ids[1].startswith(offered[0]), ids[0].startswith(offered[1])] == [True, True]
    assert all(len(short) >= 6 for short in offered)
    assert complete(env, f"selflead delete {ids[0][:8]}", 2) == [ids[0]]
