"""``selflead remind``: against a temporary HOME; the system's schedulers are called for real,
and a test that needs one this machine lacks is skipped with the reason."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return folder


def systemd_user_session() -> bool:
    if shutil.which("systemctl") is None:
        return False
    done = subprocess.run(
        ["systemctl", "--user", "show-environment"], capture_output=True, check=False
    )
    return done.returncode == 0


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_print_systemd_units(run: Run, home: Path, journal: Path) -> None:
    result = run("remind", "install", "--via", "systemd", "--at", "8:05", "--weekdays", "--print")
    assert result.exit_code == 0, result.stderr
    assert "OnCalendar=Mon..Fri *-*-* 08:05:00\n" in result.stdout
    assert f"-m selflead --journal {journal} due --notify\n" in result.stdout
    assert "SuccessExitStatus=1" in result.stdout  # 'due' exits 1 when it reminds
    assert files_under(home) == []


def test_print_cron_line(run: Run, home: Path, journal: Path) -> None:
    result = run("remind", "install", "--via", "cron", "--print")
    assert result.exit_code == 0, result.stderr
    line = result.stdout.splitlines()[1]
    assert line.startswith("30 18 * * * ")
    assert line.endswith(f"--journal {journal} due --notify >/dev/null 2>&1 # selflead-remind")
    weekdays = run("remind", "install", "--via", "cron", "--weekdays", "--at", "07:00", "--print")
    assert weekdays.stdout.splitlines()[1].startswith("0 7 * * 1-5 ")


def test_print_launchd_agent_is_a_valid_plist(run: Run, home: Path, journal: Path) -> None:
    result = run("remind", "install", "--via", "launchd", "--weekdays", "--print")
    assert result.exit_code == 0, result.stderr
    text = result.stdout.split("\n", 1)[1]
    agent = plistlib.loads(text.encode("utf-8"))
    assert agent["Label"] == "net.selflead.remind"
    assert agent["ProgramArguments"][-4:] == ["--journal", str(journal), "due", "--notify"]
    assert agent["StartCalendarInterval"] == [
        {"Weekday": day, "Hour": 18, "Minute": 30} for day in range(1, 6)
    ]


def test_bad_time_and_scheduler(run: Run, home: Path) -> None:
    bad = run("remind", "install", "--at", "25:00")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: --at '25:00' is not a time of day; write it HH:MM, e.g. --at 18:30\n",
    )
    via = run("remind", "install", "--via", "anacron")
    assert (via.exit_code, via.stderr) == (
        2,
        "error: --via 'anacron' is not a scheduler; use one of: systemd, cron, launchd\n",
    )


@pytest.mark.skipif(systemd_user_session(), reason="this machine has a systemd user session")
def test_systemd_refusing_leaves_no_unit_files(run: Run, home: Path) -> None:
    result = run("remind", "install", "--via", "systemd")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: systemctl --user daemon-reload failed: ")
    assert len(result.stderr.splitlines()) == 1
    assert files_under(home) == []


@pytest.mark.skipif(not systemd_user_session(), reason="no systemd user session on this machine")
def test_systemd_install_show_remove(run: Run, home: Path) -> None:  # pragma: no cover
    assert run("remind", "install", "--via", "systemd").exit_code == 0
    assert "selflead-remind.timer" in run("remind", "show").stdout
    assert run("remind", "remove").exit_code == 0
    assert files_under(home) == []


@pytest.mark.skipif(shutil.which("crontab") is not None, reason="this machine has crontab")
def test_cron_missing_is_one_error_line(run: Run, home: Path) -> None:
    result = run("remind", "install", "--via", "cron")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: crontab cannot be run: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.skipif(
    shutil.which("crontab") is not None or systemd_user_session() or shutil.which("launchctl"),
    reason="this machine has a scheduler",
)
def test_no_scheduler_says_what_to_do(run: Run, home: Path) -> None:
    result = run("remind", "install")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: this computer has no scheduler selflead can use (no systemd user session, no "
        "crontab, no launchd); run 'selflead due --notify' from your own scheduler, or add "
        "'selflead due' to your shell prompt (see the README)\n",
    )
    assert files_under(home) == []


def test_show_and_remove_find_installed_units(run: Run, home: Path) -> None:
    nothing = run("remind", "show")
    assert nothing.stderr == "No reminder is installed; 'selflead remind install' adds one.\n"
    units = home / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    for name in ("selflead-remind.service", "selflead-remind.timer"):
        (units / name).write_text("[Unit]\n", encoding="utf-8")
    (units / "other.timer").write_text("[Unit]\n", encoding="utf-8")
    shown = run("remind", "show")
    assert shown.stdout.startswith(f"systemd: {units / 'selflead-remind.timer'}\n")
    removed = run("remind", "remove")
    assert removed.exit_code == 0
    assert removed.stderr == f"Removed the reminder (systemd, {units / 'selflead-remind.timer'}).\n"
    assert files_under(home) == [units / "other.timer"]
