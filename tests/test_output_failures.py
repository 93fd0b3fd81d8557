"""A closed or failing stdout (``>&-``, ``> /dev/full``) is one line and exit 1 for a command
that changed nothing; after a save it never makes the command look failed-and-unsaved: it
says "saved ..., but could not print the rest" and exits 0, and the save happened once."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from helpers import no_traceback, one_error, selflead
from selflead.store.journal import Store

DAY = date(2026, 11, 24)
TODAY = {"SELFLEAD_TODAY": "2026-11-25"}


def _close(*fds: int) -> Callable[[], None]:
    def close() -> None:
        for fd in fds:
            os.close(fd)

    return close


@pytest.fixture
def full() -> Iterator[Any]:
    with Path("/dev/full").open("w") as handle:
        yield handle


@pytest.fixture
def stored(journal: Path) -> None:
    done = selflead("checkin", "--date", str(DAY), "-r", "goals=4", "--goals", "Shipped")
    assert done.returncode == 0, done.stderr


def how(name: str, full: Any) -> dict[str, Any]:
    if name == "closed":
        return {"preexec_fn": _close(1), "stderr": subprocess.PIPE}
    return {"stdout": full, "stderr": subprocess.PIPE}


REASON = {"closed": "it is closed", "full": "No space left on device"}


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize("stream", ["closed", "full"])
@pytest.mark.parametrize(
    "argv",
    [
        ["show", str(DAY)],
        ["list", "--all"],
        ["list", "--all", "--json"],
        ["review", "--week", "2026-W48"],
        ["review", "--week", "2026-W48", "--json"],
        ["quote"],
        ["export"],
        ["export", "--format", "json"],
        ["export", "-o", "-"],
    ],
)
def test_a_view_that_cannot_print_says_so_in_one_line(
    argv: list[str], stream: str, full: Any
) -> None:
    done = selflead(*argv, env=TODAY, **how(stream, full))
    line = one_error(done, 1, f"error: could not write to stdout: {REASON[stream]}")
    assert line.endswith("; nothing was changed")


@pytest.mark.parametrize("stream", ["closed", "full"])
def test_a_checkin_saves_once_then_says_it_could_not_print(
    journal: Path, stream: str, full: Any
) -> None:
    done = selflead("checkin", "--date", str(DAY), "-r", "goals=4", **how(stream, full))
    path = Store(journal).day_path(DAY)
    line = one_error(done, 0, f"warning: saved the check-in to {path}, but could not print")
    assert line.endswith(f"stdout: {REASON[stream]}")
    assert len(Store(journal).read_day(DAY)) == 1


def test_a_checkin_with_stdout_and_stderr_closed_still_saves_once(journal: Path) -> None:
    done = selflead(
        "checkin",
        "--date",
        str(DAY),
        "-r",
        "goals=4",
        preexec_fn=_close(1, 2),
        capture_output=False,
    )
    assert done.returncode == 0
    [entry] = Store(journal).read_day(DAY)
    # Nothing of the journal went to the descriptors the closed streams had.
    assert json.loads(Store(journal).day_path(DAY).read_text())["entries"][0]["id"] == entry.id


def test_an_import_that_cannot_print_its_summary_has_imported(
    journal: Path, tmp_path: Path, full: Any
) -> None:
    backup = tmp_path / "backup.json"
    entry = {"id": "e1", "date": str(DAY), "created": "2026-11-24T10:00:00+00:00"}
    entry["goals"] = {"rating": 3, "reflection": "x"}  # type: ignore[assignment]
    backup.write_text(json.dumps({"format": "selflead", "version": 1, "entries": [entry]}))
    done = selflead("import", str(backup), stdout=full, stderr=subprocess.PIPE)
    one_error(done, 0, "warning: imported the backup, but could not print the rest")
    assert [e.id for e in Store(journal).read_day(DAY)] == ["e1"]


@pytest.mark.usefixtures("stored")
def test_an_export_to_a_file_with_a_failing_stderr_has_written_it(tmp_path: Path) -> None:
    out = tmp_path / "journal.md"
    with Path("/dev/full").open("w") as full:
        done = selflead("export", "-o", str(out), stderr=full, stdout=subprocess.PIPE)
    assert done.returncode == 0
    assert out.read_text().startswith("# selflead journal")


@pytest.mark.usefixtures("stored")
def test_a_closed_stderr_too_is_a_failure_without_a_word(full: Any) -> None:
    done = selflead("show", str(DAY), stdout=full, preexec_fn=_close(2), capture_output=False)
    assert done.returncode == 1


def test_doctor_fix_that_cannot_print_has_repaired(journal: Path, full: Any) -> None:
    assert selflead("checkin", "--date", str(DAY), "-r", "goals=4").returncode == 0
    path = Store(journal).day_path(DAY)
    path.chmod(0o644)
    done = selflead("doctor", "--fix", stdout=full, stderr=subprocess.PIPE)
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert "warning: made the safe repairs, but could not print the rest" in done.stderr
    assert path.stat().st_mode & 0o777 == 0o600
