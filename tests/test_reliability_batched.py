"""The batched writes of a many-day import (every file written to a temporary, fsynced and
renamed; each folder flushed once after its files): an import killed at random moments
leaves every day file and every week file old or new, never torn, and the same import run
again finishes the job."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import SELFLEAD, selflead
from selflead.dates import iso_week
from selflead.store.files import is_temporary

pytestmark = pytest.mark.reliability

DAYS = 400
FIRST = date(2024, 1, 1)
STAMP = "2024-01-01T10:00:00+00:00"


def _entry(key: str, day: date) -> dict[str, object]:
    return {
        "id": key,
        "date": day.isoformat(),
        "created": STAMP,
        "goals": {"rating": 3, "reflection": f"{key} " * 20},
    }


def _write_backup(path: Path, prefix: str, *, reviews: bool) -> None:
    days = [FIRST + timedelta(days=n) for n in range(DAYS)]
    document: dict[str, object] = {
        "format": "selflead",
        "version": 2,
        "entries": [_entry(f"{prefix}-{n}", day) for n, day in enumerate(days)],
    }
    if reviews:
        weeks = sorted({iso_week(day) for day in days})
        document["reviews"] = [
            {"week": week, "goal": f"goal of {week}", "created": STAMP, "updated": STAMP}
            for week in weeks
        ]
    path.write_text(json.dumps(document), encoding="utf-8")


def _files(home: Path) -> dict[str, bytes]:
    """Every journal file but the index, the lock and temporaries, by its path in the journal."""
    found = {}
    for path in sorted(home.rglob("*.json")):
        if not is_temporary(path.name):
            found[str(path.relative_to(home))] = path.read_bytes()
    return found


def test_an_import_killed_at_random_moments_leaves_each_file_old_or_new(tmp_path: Path) -> None:
    old_backup, new_backup = tmp_path / "old.json", tmp_path / "new.json"
    _write_backup(old_backup, "old", reviews=False)
    _write_backup(new_backup, "new", reviews=True)
    base = tmp_path / "base"
    assert selflead("--journal", str(base), "import", str(old_backup)).returncode == 0
    old = _files(base)
    finished = tmp_path / "finished"
    shutil.copytree(base, finished)
    started = time.perf_counter()
    assert selflead("--journal", str(finished), "import", str(new_backup)).returncode == 0
    took = time.perf_counter() - started
    new = _files(finished)
    assert new.keys() > old.keys()  # the week files are new
    rng = random.Random(17)
    rounds, cut_short = 12, 0
    for number in range(rounds):
        home = tmp_path / f"round-{number}"
        shutil.copytree(base, home)
        child = subprocess.Popen(
            [SELFLEAD, "--journal", str(home), "import", str(new_backup)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ.copy(),
        )
        time.sleep(rng.uniform(0.2, 1.0) * took)
        child.send_signal(signal.SIGKILL)
        child.wait()
        now = _files(home)
        assert now.keys() <= new.keys()
        for name, data in now.items():
            assert data in (old.get(name), new[name]), f"{name} is neither old nor new"
        cut_short += now != new
        done = selflead("--journal", str(home), "import", str(new_backup))
        assert done.returncode == 0, done.stderr
        assert _files(home) == new  # run again, it finishes the job
        shutil.rmtree(home)
    assert cut_short > 0  # some kills did land inside the import
