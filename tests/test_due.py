"""``selflead due``: silent and 0 after a check-in, one line and 1 before, cheap to start."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from selflead.store.due import day_file
from selflead.store.home import journal_home_name
from selflead.store.journal import Store

DAY = "2026-11-27"
ENTRY_POINT = "import sys; from selflead.cli.entry import main; sys.argv[0] = 'selflead'; main()"


def due(
    env: dict[str, str], *args: str, importtime: bool = False
) -> subprocess.CompletedProcess[str]:
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-c", ENTRY_POINT, *args],
        env={**env, "SELFLEAD_TODAY": DAY},
        capture_output=True,
        text=True,
        check=False,
    )


def checkin(run: Callable[..., Result], journal: Path) -> None:
    result: Result = run("checkin", "--date", DAY, "--rate", "goals=4", env={"SELFLEAD_TODAY": DAY})
    assert result.exit_code == 0, result.stderr


def test_due_before_and_after_a_checkin(
    run: Callable[..., Result], journal: Path, subprocess_env: dict[str, str]
) -> None:
    before = due(subprocess_env, "due")
    assert (before.returncode, before.stdout, before.stderr) == (
        1,
        "no check-in yet today (Friday 27 November 2026): run 'selflead checkin'\n",
        "",
    )
    checkin(run, journal)
    after = due(subprocess_env, "due")
    assert (after.returncode, after.stdout, after.stderr) == (0, "", "")


def test_due_follows_journal_option(
    run: Callable[..., Result], journal: Path, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    checkin(run, journal)
    other = tmp_path / "other"
    assert due(subprocess_env, "--journal", str(other), "due").returncode == 1
    assert due(subprocess_env, f"--journal={other}", "due").returncode == 1
    assert due(subprocess_env, "--journal", str(journal), "due").returncode == 0


def test_a_damaged_day_is_one_error_line(journal: Path, subprocess_env: dict[str, str]) -> None:
    path = Path(day_file(str(journal), date.fromisoformat(DAY)))
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    result = due(subprocess_env, "due")
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == (
        f"error: today's file {path} cannot be read; run 'selflead doctor' to see why\n"
    )


def test_due_imports_no_typer_rich_or_pydantic(subprocess_env: dict[str, str]) -> None:
    result = due(subprocess_env, "due", importtime=True)
    assert result.returncode == 1
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    heavy = {
        name
        for name in imported
        if name.split(".")[0]
        in {"typer", "click", "rich", "pydantic", "pathlib", "typing", "platformdirs"}
    }
    assert heavy == set()
    assert "selflead.store.due" in imported  # the fast path, not the app, answered


def test_other_due_command_lines_go_through_the_app(subprocess_env: dict[str, str]) -> None:
    result = due(subprocess_env, "due", "--bogus")
    assert result.returncode == 2
    assert result.stderr == "error: No such option: --bogus; see 'selflead due --help'\n"
    helped = due(subprocess_env, "due", "--help")
    assert helped.returncode == 0
    assert "exits 1" in helped.stdout


def test_due_through_the_app(run: Callable[..., Result]) -> None:
    result: Result = run("due", env={"SELFLEAD_TODAY": DAY})
    assert result.exit_code == 1
    assert result.stdout.startswith("no check-in yet today (Friday 27 November 2026)")


def test_notify_without_a_notifier_still_says_the_line(subprocess_env: dict[str, str]) -> None:
    result = due({**subprocess_env, "PATH": "/nonexistent"}, "due", "--notify")
    assert result.returncode == 1
    assert result.stdout.startswith("no check-in yet today")


def test_day_file_is_the_stores_path(journal: Path) -> None:
    from datetime import date

    day = date.fromisoformat(DAY)
    assert Path(day_file(str(journal), day)) == Store(journal).day_path(day)


@pytest.mark.parametrize("xdg", [None, "", "  ", "/tmp/xdg-data"])
def test_default_home_is_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("SELFLEAD_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert journal_home_name() == user_data_dir("selflead", appauthor=False)


def test_a_day_file_without_entries_is_still_due(
    journal: Path, subprocess_env: dict[str, str]
) -> None:
    """An older selflead could leave a day's file with no entry in it: due reads a file that
    small instead of trusting its size."""
    path = Path(day_file(str(journal), date.fromisoformat(DAY)))
    path.parent.mkdir(parents=True)
    path.write_text(
        f'{{\n  "schema_version": 2,\n  "date": "{DAY}",\n  "entries": []\n}}\n', encoding="utf-8"
    )
    assert due(subprocess_env, "due").returncode == 1


def test_deleting_the_days_only_checkin_makes_it_due_again(
    run: Callable[..., Result], journal: Path, subprocess_env: dict[str, str]
) -> None:
    checkin(run, journal)
    assert due(subprocess_env, "due").returncode == 0
    assert run("delete", "--yes", env={"SELFLEAD_TODAY": DAY}).exit_code == 0
    assert due(subprocess_env, "due").returncode == 1


def test_the_smallest_checkin_is_larger_than_what_due_reads(journal: Path) -> None:
    """A day file with the shortest id and nothing but one rating is still above the size
    below which due reads the file, so that due never has to read a real check-in."""
    from datetime import UTC, datetime

    from selflead.models import AreaCheckin, Entry
    from selflead.store.due import _SURELY_AN_ENTRY

    day = date.fromisoformat(DAY)
    store = Store(journal)
    entry = Entry(id="a", date=day, created=datetime(2026, 11, 27, tzinfo=UTC))
    with store.locked():
        store.write_day(day, [entry.model_copy(update={"goals": AreaCheckin(rating=1)})])
    assert store.day_path(day).stat().st_size >= _SURELY_AN_ENTRY
