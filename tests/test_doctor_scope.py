"""Doctor on a folder that is not a journal changes nothing, and even in a journal touches only
the journal's own paths: a journal is marked by ``selflead.toml`` (written on first use, and on
an old journal's next write); without it doctor only reports and --fix refuses."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Run = Callable[..., Result]


def snapshot(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under ``folder`` with its mode and, for files, its bytes."""
    found = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        info = path.lstat()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        found[str(path.relative_to(folder))] = (info.st_mode, data)
    return found


@pytest.fixture
def home_folder(tmp_path: Path) -> Path:
    """A home folder with other programs' files (the attack's example)."""
    home = tmp_path / "me"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    (home / ".video.mp4.0123456789ab.tmp").write_bytes(b"another program's download")
    (home / "notes.txt").write_text("mine")
    (home / "notes.txt").chmod(0o644)
    (home / ".config").mkdir(mode=0o755)
    (home / ".config" / ".x.json.0123456789ab.tmp").write_text("x")
    (home / "entries").mkdir(mode=0o755)  # even a folder named like the journal's
    (home / "entries" / ".a.0123456789ab.tmp").write_text("x")
    return home


def test_doctor_fix_refuses_a_folder_that_is_not_a_journal(run: Run, home_folder: Path) -> None:
    before = snapshot(home_folder)
    result = run("--journal", str(home_folder), "doctor", "--fix")
    assert result.exit_code == 2, result.stdout
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {home_folder} is not marked as a selflead journal (it has no")
    assert "selflead.toml), so doctor --fix changes nothing in it" in line
    assert snapshot(home_folder) == before


def test_doctor_only_reports_there_and_writes_nothing(run: Run, home_folder: Path) -> None:
    before = snapshot(home_folder)
    result = run("--journal", str(home_folder), "doctor")
    assert "selflead.toml: is missing, so selflead is not sure this folder is a journal" in (
        result.stdout
    )
    assert "can be repaired safely" not in result.stdout  # --fix would refuse
    assert "doctor --fix')" not in result.stdout  # and no fix says "(or 'selflead doctor --fix')"
    assert ".video.mp4.0123456789ab.tmp: is not a selflead file" in result.stdout
    assert "temporary file" not in result.stdout
    assert snapshot(home_folder) == before  # not even a journal.lock


def test_the_first_write_marks_the_journal(run: Run, journal: Path) -> None:
    assert run("checkin", "-r", "goals=3").exit_code == 0
    marker = journal / "selflead.toml"
    assert marker.read_text().endswith("format = 1\n")
    assert marker.stat().st_mode & 0o777 == 0o600
    result = run("doctor")
    assert result.exit_code == 0 and "selflead.toml" not in result.stdout


def test_an_old_journal_is_marked_on_its_next_write(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    (journal / "selflead.toml").unlink()  # as a journal made before the marker
    (journal / "entries").chmod(0o755)
    assert run("doctor", "--fix").exit_code == 2
    assert (journal / "entries").stat().st_mode & 0o777 == 0o755
    assert run("checkin", "--date", "2026-11-25", "-r", "goals=4").exit_code == 0
    assert (journal / "selflead.toml").is_file()
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert (journal / "entries").stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_journal_inside_a_git_repository_checks_clean(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    subprocess.run(["git", "init", "-q", str(journal)], check=True)
    subprocess.run(["git", "-C", str(journal), "add", "-A"], check=True)
    (journal / ".gitignore").write_text("journal.lock\n")
    git_before = snapshot(journal / ".git")
    result = run("doctor")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1].endswith("All well.")
    said = "note     .git: belongs to git (selflead sync); doctor does not look inside"
    assert said in result.stdout
    assert ".git/" not in result.stdout  # never walked into
    assert run("doctor", "--fix").exit_code == 0
    assert snapshot(journal / ".git") == git_before


def test_doctor_fix_in_a_journal_leaves_foreign_files_and_folders(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    foreign = journal / "Photos"
    foreign.mkdir(mode=0o755)
    (foreign / ".img.jpg.0123456789ab.tmp").write_text("another program's")
    (journal / ".video.mp4.0123456789ab.tmp").write_text("another program's")
    ours = journal / "entries" / "2026" / ".2026-11-24.json.0123456789ab.tmp"
    ours.write_text("{")
    before = snapshot(foreign)
    result = run("doctor", "--fix")
    assert result.exit_code == 0, result.stdout
    assert not ours.exists()  # a temporary selflead left: removed
    assert (journal / ".video.mp4.0123456789ab.tmp").exists()
    assert snapshot(foreign) == before
    assert foreign.stat().st_mode & 0o777 == 0o755


def test_doctor_walks_no_deep_foreign_tree(run: Run, journal: Path) -> None:
    assert run("checkin", "-r", "goals=3").exit_code == 0
    deep = journal / "node_modules"
    for n in range(200):
        (deep / f"p{n}").mkdir(parents=True)
        (deep / f"p{n}" / "index.js").write_text("")
    os.chmod(deep, 0o000)
    try:
        result = run("doctor")
    finally:
        os.chmod(deep, 0o700)
    assert result.exit_code == 0, result.stdout
    assert "node_modules: is not a selflead folder" in result.stdout
    assert "index.js" not in result.stdout and "cannot be listed" not in result.stdout
