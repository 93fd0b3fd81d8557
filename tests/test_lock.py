"""The journal lock cannot be stolen: deleting or replacing ``journal.lock`` while a writer
holds it never lets a second writer in (the journal folder itself is locked too), and the
lock stays compatible with a selflead that locks only ``journal.lock``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock

from helpers import one_error, selflead
from selflead.store.journal import Store

HOLD = """
import sys
from pathlib import Path
from selflead.store.journal import Store
store = Store(Path(sys.argv[1]))
with store.locked():
    store.mark()  # a journal, as any that has been written to
    print("held", flush=True)
    sys.stdin.readline()
"""
QUICK = {"SELFLEAD_LOCK_TIMEOUT": "0.5"}


@pytest.fixture
def holder(journal: Path) -> Iterator[subprocess.Popen[str]]:
    """Another selflead process holding the journal lock until told to let go."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    yield process
    if process.poll() is None:
        assert process.stdin is not None
        process.stdin.write("\n")
        process.stdin.close()
        process.wait(timeout=30)


def release(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.close()
    assert process.wait(timeout=30) == 0


def busy(*argv: str) -> None:
    line = one_error(selflead(*argv, env=QUICK), 4, "error: the journal is busy")
    assert "nothing was written" in line


@pytest.mark.parametrize("how", ["deleted", "replaced", "deleted twice"])
def test_a_lock_file_removed_under_the_holder_keeps_others_out(
    journal: Path, holder: subprocess.Popen[str], how: str
) -> None:
    lock = journal / "journal.lock"
    lock.unlink()
    if how == "replaced":
        lock.write_text("")
    busy("checkin", "--date", "2026-11-24", "-r", "goals=3")
    if how == "deleted twice":
        lock.unlink(missing_ok=True)  # the waiting writer did not even make a new one
    busy("checkin", "--date", "2026-11-24", "-r", "goals=4")
    busy("doctor")
    assert not Store(journal).day_path(date(2026, 11, 24)).exists()
    release(holder)
    done = selflead("checkin", "--date", "2026-11-24", "-r", "goals=5", env=QUICK)
    assert done.returncode == 0, done.stderr
    assert [e.goals.rating for e in Store(journal).read_day(date(2026, 11, 24))] == [5]


def test_an_older_selflead_holding_only_journal_lock_keeps_us_out(journal: Path) -> None:
    journal.mkdir(mode=0o700)
    old = FileLock(journal / "journal.lock")
    with old:
        busy("checkin", "-r", "goals=3")
    done = selflead("checkin", "-r", "goals=3", env=QUICK)
    assert done.returncode == 0, done.stderr


def test_we_keep_an_older_selflead_out(journal: Path, holder: subprocess.Popen[str]) -> None:
    from filelock import Timeout

    with pytest.raises(Timeout):
        FileLock(journal / "journal.lock", timeout=0.2).acquire()


def test_an_import_while_the_lock_file_is_deleted_loses_no_checkin(
    journal: Path, tmp_path: Path
) -> None:
    """The attack: delete journal.lock during an import, check in meanwhile; every check-in
    that said "Saved" is there afterwards."""
    entries = [
        {
            "id": f"i{n}",
            "date": f"2026-0{1 + n % 9}-1{n % 10}",
            "created": "2026-01-01T10:00:00+00:00",
            "goals": {"rating": 3, "reflection": "x" * 2000},
        }
        for n in range(6000)
    ]
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps({"format": "selflead", "version": 1, "entries": entries}))
    importer = subprocess.Popen(
        [str(Path(sys.executable).with_name("selflead")), "import", str(backup)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    saved = []
    for n in range(5):
        (journal / "journal.lock").unlink(missing_ok=True)
        done = selflead("checkin", "--date", "2026-11-24", "--goals", f"mine {n}", env=QUICK)
        assert done.returncode in (0, 4), done.stderr
        if done.returncode == 0:
            saved.append(f"mine {n}")
    assert importer.wait(timeout=120) == 0
    texts = [e.goals.reflection for e in Store(journal).read_day(date(2026, 11, 24))]
    assert texts == saved
