"""Where an export may write: only a regular file (or, with --force, a link) is ever replaced;
``-o -`` is stdout; an export killed part-way leaves no temporary behind; a --split run that
fails part-way leaves no partial set of notes."""

from __future__ import annotations

import os
import resource
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from helpers import SELFLEAD, one_error, selflead
from selflead.store.files import is_temporary

Run = Callable[..., Result]


@pytest.fixture
def checked_in(run: Run) -> None:
    for day in ("2026-11-23", "2026-11-24"):
        assert run("checkin", "--date", day, "-r", "goals=4", "--goals", "Shipped").exit_code == 0


def refused(result: Result, message: str) -> None:
    assert result.stdout == ""
    one_error(result, 2, f"error: {message}")


@pytest.mark.usefixtures("checked_in")
@pytest.mark.parametrize("force", [False, True])
def test_a_device_is_never_replaced(run: Run, force: bool) -> None:
    before = Path("/dev/null").stat()
    result = run("export", "-o", "/dev/null", *(["--force"] if force else []))
    refused(result, "/dev/null is a device, not a regular file")
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.usefixtures("checked_in")
def test_a_fifo_is_refused_without_waiting_for_a_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    for extra in ([], ["--force"], ["--format", "json", "--force"]):
        one_error(selflead("export", "-o", str(fifo), *extra), 2, f"error: {fifo} is a FIFO")
        assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.usefixtures("checked_in")
def test_a_socket_and_a_folder_are_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "sock.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        refused(run("export", "-o", str(path), "--force"), f"{path} is a socket")
        assert stat.S_ISSOCK(path.lstat().st_mode)
    finally:
        server.close()
    folder = tmp_path / "notes"
    folder.mkdir()
    refused(run("export", "-o", str(folder), "--force"), f"{folder} is a folder")
    assert folder.is_dir() and not any(folder.iterdir())


@pytest.mark.usefixtures("checked_in")
def test_force_replaces_a_link_itself_never_what_it_points_to(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("mine")
    link = tmp_path / "out.md"
    link.symlink_to(target)
    refused(run("export", "-o", str(link)), f"{link} already exists")
    assert run("export", "-o", str(link), "--force").exit_code == 0
    assert not link.is_symlink() and link.read_text().startswith("# selflead journal")
    assert target.read_text() == "mine"


@pytest.mark.usefixtures("checked_in")
def test_dash_is_stdout_and_writes_no_file_named_dash(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    markdown = run("export", "-o", "-")
    assert markdown.exit_code == 0, markdown.stderr
    assert markdown.stdout.startswith("# selflead journal")
    backup = run("export", "--format", "json", "--output", "-")
    assert backup.exit_code == 0 and '"format": "selflead"' in backup.stdout
    assert not (tmp_path / "-").exists()
    refused(run("export", "--split", "day", "-o", "-"), "--split writes files into a folder")
    assert [p.name for p in tmp_path.iterdir()] == ["journal"]


@pytest.mark.usefixtures("checked_in")
def test_a_temporary_left_by_a_killed_export_is_removed_by_the_next(
    run: Run, tmp_path: Path
) -> None:
    stale = tmp_path / ".out.md.0123456789ab.tmp"
    stale.write_text("half an export")
    other = tmp_path / ".notes.md.0123456789ab.tmp"  # another target's: left alone
    other.write_text("x")
    mine = tmp_path / ".out.md.tmp"  # not a name selflead makes: left alone
    mine.write_text("x")
    assert run("export", "-o", str(tmp_path / "out.md")).exit_code == 0
    assert not stale.exists() and other.exists() and mine.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".notes.md.0123456789ab.tmp",
        ".out.md.tmp",
        "journal",
        "out.md",
    ]


def _big_journal(tmp_path: Path, run: Run) -> None:
    """A journal whose JSON export takes a while to write (to be killed in the middle)."""
    import json

    entries = [
        {
            "id": f"e{n}",
            "date": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "created": "2026-01-01T10:00:00+00:00",
            "goals": {"rating": 3, "reflection": "x" * 9_000},
        }
        for n in range(6_000)
    ]
    backup = tmp_path / "big.json"
    backup.write_text(json.dumps({"format": "selflead", "version": 1, "entries": entries}))
    assert run("import", str(backup)).exit_code == 0


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_terminated_export_removes_its_temporary(
    run: Run, tmp_path: Path, signum: signal.Signals
) -> None:
    _big_journal(tmp_path, run)
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [SELFLEAD, "export", "--format", "json", "-o", str(out / "backup.json")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    while not any(is_temporary(p.name) for p in out.iterdir()):  # writing has begun
        assert process.poll() is None, "the export finished before it could be stopped"
        time.sleep(0.01)
    process.send_signal(signum)
    assert process.wait(timeout=60) == 128 + signum
    assert process.stderr is not None and b"Traceback" not in process.stderr.read()
    process.stderr.close()
    assert list(out.iterdir()) == []  # no temporary, no half a backup


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_split_that_fails_part_way_leaves_no_partial_set(run: Run, tmp_path: Path) -> None:
    assert run("checkin", "--date", "2026-11-23", "-r", "goals=4").exit_code == 0
    long = "word " * 1_999
    for area in ("communication", "emotions", "behaviour", "goals"):
        assert run("checkin", "--date", "2026-11-24", f"--{area}", long).exit_code == 0
    notes = tmp_path / "notes"
    done = selflead("export", "--split", "day", "-o", str(notes), preexec_fn=_limit_file_size)
    line = one_error(done, 1, "error: could not write ")
    assert "2026-11-24.md" in line
    assert list(notes.iterdir()) == []  # the small note was not left on its own
    # The retry completes the set, without --force.
    again = run("export", "--split", "day", "-o", str(notes))
    assert again.exit_code == 0, again.stderr
    assert sorted(p.name for p in notes.iterdir()) == ["2026-11-23.md", "2026-11-24.md"]
    assert again.stderr.strip().endswith("to 2 files in " + str(notes))


def test_one_note_says_one_file(run: Run, tmp_path: Path) -> None:
    assert run("checkin", "--date", "2026-11-23", "-r", "goals=4").exit_code == 0
    result = run("export", "--split", "day", "-o", str(tmp_path / "n"))
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        f"Exported 1 check-in and 0 weekly reflections to 1 file in {tmp_path / 'n'}"
    )
