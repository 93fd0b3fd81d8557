"""A run cut short by a full disk never says "nothing was changed" after changing something:
an import says exactly what it wrote and that running it again finishes the job (it is
idempotent); a --split export leaves no partial set (see test_export_targets too)."""

from __future__ import annotations

import json
import resource
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from typer.testing import Result

from helpers import one_error, selflead
from selflead.store.journal import Store

Run = Callable[..., Result]
FIRST = date(2026, 1, 1)
LIMIT = 30_000


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _backup(tmp_path: Path, big_day: int, days: int = 50) -> Path:
    entries = []
    for n in range(days):
        text = "y" * 10_000 if n == big_day else "small"
        entry = {
            "id": f"e{n}",
            "date": str(FIRST + timedelta(days=n)),
            "created": "2026-01-01T10:00:00+00:00",
        }
        entry |= {
            area: {"rating": 3, "reflection": text}
            for area in ("communication", "emotions", "behaviour", "goals")
        }
        entries.append(entry)
    path = tmp_path / "backup.json"
    path.write_text(json.dumps({"format": "selflead", "version": 1, "entries": entries}))
    return path


def test_an_import_cut_short_says_what_it_wrote_and_the_retry_finishes(
    journal: Path, tmp_path: Path
) -> None:
    backup = _backup(tmp_path, big_day=23)
    done = selflead("import", str(backup), preexec_fn=_limit_file_size)
    line = one_error(done, 1, "error: could not save ")
    assert "23 of 50 days and 0 of 0 weekly reflections were written before it stopped" in line
    assert "run the same import again: it skips what is already there and finishes" in line
    assert "nothing was changed" not in line
    assert len(Store(journal).days()) == 23
    again = selflead("import", str(backup))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Added 27 check-ins on 27 days")
    assert "Skipped 23 check-ins" in again.stdout
    assert len(Store(journal).days()) == 50


def test_an_import_that_fails_at_once_still_says_nothing_was_changed(
    journal: Path, tmp_path: Path
) -> None:
    backup = _backup(tmp_path, big_day=0)
    done = selflead("import", str(backup), preexec_fn=_limit_file_size)
    line = one_error(done, 1, "error: could not save ")
    assert "nothing was changed" in line and "were written" not in line
    assert Store(journal).days() == []


def test_a_failed_reflection_after_all_days_is_named(journal: Path, tmp_path: Path) -> None:
    backup = _backup(tmp_path, big_day=-1, days=3)
    doc = json.loads(backup.read_text())
    stamp = "2026-01-01T10:00:00+00:00"
    doc["reviews"] = [
        {"week": "2026-W01", "goal": "g", "created": stamp, "updated": stamp},
        {
            "week": "2026-W02",
            "goal": "z" * 9_999,
            "reality": "z" * 9_999,
            "options": "z" * 9_999,
            "will": "z" * 9_999,
            "created": stamp,
            "updated": stamp,
        },
    ]
    backup.write_text(json.dumps(doc))
    done = selflead("import", str(backup), preexec_fn=_limit_file_size)
    line = one_error(done, 1, "error: could not save ")
    assert "3 of 3 days and 1 of 2 weekly reflections were written before it stopped" in line
    again = selflead("import", str(backup))
    assert again.returncode == 0 and "Added 0 check-ins and 1 weekly reflection" in again.stdout
