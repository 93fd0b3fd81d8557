"""Every file selflead reads is opened without blocking, must be a regular file and is read
with a size limit: a FIFO, a link to /dev/zero or a huge file is one clear line, never a hang
or a read without end."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from helpers import one_error, selflead
from selflead.store.outside import MAX_IMPORT_BYTES, MAX_STDIN_IMPORT_BYTES

Run = Callable[..., Result]
QUOTE_READERS = [["quote"], ["quote", "--random"], ["review"]]


@pytest.fixture
def home(journal: Path) -> Path:
    journal.mkdir(mode=0o700)
    return journal


@pytest.mark.parametrize("argv", QUOTE_READERS)
def test_a_quotes_fifo_does_not_hang(home: Path, argv: list[str]) -> None:
    os.mkfifo(home / "quotes.yaml", 0o600)
    done = selflead(*argv)  # before the fix: blocked forever, waiting for a writer
    one_error(done, 3, f"error: {home / 'quotes.yaml'}: is a FIFO (named pipe), not a regular")


@pytest.mark.parametrize("argv", QUOTE_READERS)
def test_quotes_linked_to_dev_zero_is_refused(home: Path, argv: list[str]) -> None:
    (home / "quotes.yaml").symlink_to("/dev/zero")
    done = selflead(*argv)  # before the fix: read without bound until memory ran out
    one_error(done, 3, f"error: {home / 'quotes.yaml'}: is a device, not a regular file")


def test_huge_quotes_are_refused_unread(home: Path) -> None:
    with (home / "quotes.yaml").open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GiB on paper, nothing on the disk
    one_error(selflead("quote"), 3, f"error: {home / 'quotes.yaml'}: is larger than 4 MiB")


def test_doctor_reports_a_special_quotes_file_and_never_waits(home: Path) -> None:
    os.mkfifo(home / "quotes.yaml", 0o600)
    done = selflead("doctor")
    assert done.returncode == 1, done.stderr
    assert "quotes.yaml: is not a regular file" in done.stdout


def test_a_huge_day_file_is_damaged_not_read(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    path = journal / "entries" / "2026" / "2026-11-24.json"
    with path.open("r+b") as handle:
        handle.truncate(65 * 1024**2)
    done = selflead("show", "2026-11-24")
    one_error(done, 3, f"error: {path}: is larger than 64 MiB")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-null"])
def test_import_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "backup.json"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero" if kind == "dev-zero" else "/dev/null")
    what = "a FIFO (named pipe)" if kind == "fifo" else "a device"
    line = one_error(selflead("import", str(path)), 2, f"error: {path} is {what}, not a regular")
    assert line.endswith(f"to import from a pipe, use: selflead import - < {path}")


def test_import_from_a_pipe_on_stdin_still_works(tmp_path: Path) -> None:
    backup = '{"format": "selflead", "version": 1, "entries": []}'
    done = selflead("import", "-", input=backup, stdin=None)
    assert done.returncode == 0, done.stderr
    assert "Added 0 check-ins" in done.stdout


def test_an_import_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)
    line = one_error(selflead("import", str(path)), 2, f"error: {path} is larger than 2048 MiB")
    assert "export the journal in parts (--from/--to)" in line
    assert "or raise SELFLEAD_MAX_IMPORT_MIB; nothing was imported" in line


def test_the_size_cap_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    done = selflead("import", str(path), env={"SELFLEAD_MAX_IMPORT_MIB": "2"})
    one_error(done, 2, f"error: {path} is larger than 2 MiB, more than selflead imports at once")
    done = selflead("import", str(path), env={"SELFLEAD_MAX_IMPORT_MIB": "lots"})
    one_error(done, 2, "error: SELFLEAD_MAX_IMPORT_MIB='lots' is not a whole number of MiB")


def test_stdin_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    with (tmp_path / "zeros").open("wb") as handle:
        handle.truncate(MAX_STDIN_IMPORT_BYTES + 10)
    with (tmp_path / "zeros").open("rb") as stdin:
        done = selflead("import", "-", stdin=stdin)
    one_error(done, 2, "error: stdin is larger than 256 MiB")


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 2 * 1024**2])
def test_a_file_is_read_whole_up_to_the_limit(tmp_path: Path, size: int) -> None:
    from selflead.errors import DamagedFileError
    from selflead.store.files import read_file

    path = tmp_path / "day.json"
    data = bytes(i % 251 for i in range(size))
    path.write_bytes(data)
    assert read_file(path, limit=2 * 1024**2) == data
    if size:
        with pytest.raises(DamagedFileError, match="is larger than"):
            read_file(path, limit=size - 1)


def test_a_file_that_says_it_is_empty_is_still_read_whole() -> None:
    # Files in /proc say their size is 0 but hold text: what is read is what is there.
    from selflead.store.files import read_file

    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc on this system")
    data = read_file(status)
    assert data is not None and data.startswith(b"Name:") and len(data) > 100
