"""Names no file system takes, file names that are not UTF-8, and inputs too big to read:
each is one clear line, never a traceback, never a raw byte on the terminal."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from helpers import one_error, selflead

Run = Callable[..., Result]
LONG = "n" * 300


@pytest.mark.parametrize(
    "argv",
    [
        ["checkin", "-r", "goals=3"],
        ["show"],
        ["list"],
        ["review"],
        ["quote"],
        ["doctor"],
        ["doctor", "--fix"],
        ["export"],
    ],
)
def test_a_journal_folder_name_over_255_bytes(tmp_path: Path, argv: list[str]) -> None:
    done = selflead("--journal", str(tmp_path / LONG), *argv)
    line = one_error(done, 2, "error: the journal folder 'nnnnnnnn")
    assert "is a name of 300 bytes; a file system takes at most 255" in line


def test_a_journal_folder_from_the_environment_too(tmp_path: Path) -> None:
    done = selflead("show", env={"SELFLEAD_HOME": str(tmp_path / ("é" * 130))})
    one_error(done, 2, "error: the journal folder 'éééé")
    assert "is a name of 260 bytes" in done.stderr


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["export", "-o", "{tmp}/" + LONG], "error: the file name 'nnnn"),
        (["export", "-o", "{tmp}/" + "n" * 240], "error: the file name 'nnnn"),
        (["export", "-o", "{tmp}/" + LONG + "/x.md"], "error: the folder 'nnnn"),
        (["export", "--split", "day", "-o", "{tmp}/" + LONG], "error: the folder 'nnnn"),
        (["import", "{tmp}/" + LONG], "error: the file 'nnnn"),
    ],
)
def test_export_and_import_paths_over_the_limit(
    run: Run, tmp_path: Path, argv: list[str], start: str
) -> None:
    assert run("checkin", "-r", "goals=3").exit_code == 0
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(start), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal"]


def test_a_name_just_within_the_limit_is_written(run: Run, tmp_path: Path) -> None:
    assert run("checkin", "-r", "goals=3").exit_code == 0
    name = "n" * 237  # 255 less the room its temporary takes beside it
    result = run("export", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).read_text().startswith("# selflead journal")


def test_a_file_name_that_is_not_utf8_is_shown_escaped(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    folder = os.fsencode(journal / "entries" / "2026")
    for raw in (b"bad\xff\x1b[2Jname.json", b"2026-11-25\xe9.json", b"\xc3(.tmp"):
        with open(os.path.join(folder, raw), "wb") as handle:  # noqa: PTH118, PTH123
            handle.write(b"x")
    done = selflead("doctor", text=False)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"\xff" not in done.stdout and b"\x1b" not in done.stdout and b"\xe9" not in done.stdout
    out = done.stdout.decode("utf-8")
    assert "entries/2026/bad\\xff\\x1b[2Jname.json: is not a selflead file" in out
    assert "entries/2026/2026-11-25\\xe9.json: is not a selflead file" in out
    fixed = selflead("doctor", "--fix", text=False)
    assert fixed.returncode == 0 and b"\xff" not in fixed.stdout
    assert len(os.listdir(folder)) == 4  # noqa: PTH208 (bytes names; --fix touched none)


def test_a_journal_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    home = os.path.join(os.fsencode(tmp_path), b"j\xff")  # noqa: PTH118 (a bytes name)
    done = selflead("--journal", os.fsdecode(home), "checkin", "-r", "goals=3", text=False)
    assert done.returncode == 0, done.stderr
    assert b"\xff" not in done.stderr and b"j\\xff" in done.stderr
    shown = selflead("--journal", os.fsdecode(home), "doctor", text=False)
    assert shown.returncode == 0 and b"\xff" not in shown.stdout


def test_a_three_gigabyte_import_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: the size is on paper only
    line = one_error(selflead("import", str(path)), 2, f"error: {path} is larger than 2048 MiB")
    assert "nothing was imported" in line
