"""A journal file the user cannot read (after one ``sudo selflead checkin``, owned by root) is
reported as such, with the ``sudo chown`` to run, never as damaged, and never moved.

Runs the installed command as a second user (``nobody``), so it needs root and ``setpriv``."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import SELFLEAD, one_error

NOBODY = 65534


def _second_user_can_run_selflead() -> bool:
    """Whether ``nobody`` may run the installed command (a virtual environment in a folder
    private to root, as ``mktemp -d`` makes, is out of its reach)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    done = subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            SELFLEAD,
            "--version",
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode == 0


pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as a second user"),
    pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)"),
    pytest.mark.skipif(
        not _second_user_can_run_selflead(),
        reason="the second user (nobody) cannot run this selflead: its folders are private",
    ),
]


@pytest.fixture
def home() -> Iterator[Path]:
    """A journal owned by nobody, in a folder nobody can reach (pytest's tmp_path is 0700)."""
    base = Path(tempfile.mkdtemp(prefix="selflead-owner-"))
    base.chmod(0o755)
    journal = base / "journal"
    try:
        yield journal
    finally:
        shutil.rmtree(base)


def as_user(journal: Path, *args: str, uid: int = NOBODY) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SELFLEAD_HOME": str(journal), "HOME": "/tmp", "USER": "nobody"}
    env["SELFLEAD_TODAY"] = "2026-11-26"
    command = [SELFLEAD, *args]
    if uid != 0:
        command = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command]
    return subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def root_owned_day(home: Path) -> Path:
    """nobody's journal, with one day written by ``sudo selflead checkin`` (owned by root)."""
    done = as_user(home, "checkin", "--date", "2026-11-24", "-r", "goals=3", uid=0)
    assert done.returncode == 0, done.stderr
    for path in [home, *home.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    done = as_user(home, "checkin", "--date", "2026-11-25", "-r", "goals=4", uid=0)
    assert done.returncode == 0, done.stderr
    day = home / "entries" / "2026" / "2026-11-25.json"
    assert day.stat().st_uid == 0
    return day


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "2026-11-25"],
        ["list", "--all"],
        ["review", "--week", "2026-W48"],
        ["export"],
        ["export", "--format", "json"],
        ["checkin", "--date", "2026-11-25", "-r", "goals=2"],
    ],
)
def test_a_root_owned_day_is_not_damaged(root_owned_day: Path, argv: list[str]) -> None:
    done = as_user(root_owned_day.parents[2], *argv)
    line = one_error(done, 5, f"error: {root_owned_day}: is owned by root, so you cannot read it")
    assert "it is not damaged" in line
    assert line.endswith(f"run: sudo chown nobody {root_owned_day} (selflead left it untouched)")
    assert "damaged-" not in " ".join(p.name for p in root_owned_day.parent.iterdir())


def test_import_into_it_is_refused_and_writes_nothing(root_owned_day: Path) -> None:
    home = root_owned_day.parents[2]
    backup = home.parent / "b.json"
    backup.write_text('{"format": "selflead", "version": 1, "entries": []}')
    backup.chmod(0o644)
    one_error(as_user(home, "import", str(backup)), 5, f"error: {root_owned_day}: is owned by root")


def test_doctor_reports_it_and_fix_never_moves_it(root_owned_day: Path) -> None:
    home = root_owned_day.parents[2]
    before = sorted(p.name for p in root_owned_day.parent.iterdir())
    for argv in (["doctor"], ["doctor", "--fix"]):
        done = as_user(home, *argv)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "2026-11-25.json: is owned by root, so you cannot read it; it is not damaged" in (
            done.stdout
        )
        assert f"fix: run: sudo chown nobody {root_owned_day}" in done.stdout
        assert "move it aside" not in done.stdout and "moved aside" not in done.stdout
    assert sorted(p.name for p in root_owned_day.parent.iterdir()) == before
    assert root_owned_day.stat().st_uid == 0


def test_after_the_chown_all_is_well(root_owned_day: Path) -> None:
    home = root_owned_day.parents[2]
    os.chown(root_owned_day, NOBODY, NOBODY)
    done = as_user(home, "show", "2026-11-25")
    assert done.returncode == 0, done.stderr
    assert as_user(home, "doctor").returncode == 0


def test_its_own_file_made_unreadable_says_chmod(home: Path) -> None:
    home.mkdir(mode=0o700)
    os.chown(home, NOBODY, NOBODY)
    done = as_user(home, "checkin", "--date", "2026-11-24", "-r", "goals=3")
    assert done.returncode == 0, done.stderr
    day = home / "entries" / "2026" / "2026-11-24.json"
    day.chmod(0o000)
    line = one_error(as_user(home, "show", "2026-11-24"), 5, f"error: {day}: cannot be read")
    assert line.endswith(f"make it readable again with: chmod 600 {day}")
