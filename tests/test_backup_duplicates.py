"""A backup selflead writes always imports back, even from a journal that holds an id twice
(which doctor flags): export warns, naming the ids, and import restores every entry."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from selflead.store.journal import Store

Run = Callable[..., Result]


def _duplicate(journal: Path, source: date, target: date, *, same_content: bool) -> str:
    """Copy the entry of ``source``'s file into ``target``'s, keeping its id."""
    store = Store(journal)
    doc = json.loads(store.day_path(source).read_text())
    entry = dict(doc["entries"][0], date=target.isoformat())
    if not same_content:
        entry["goals"] = {"rating": 1, "reflection": "a different text"}
    path = store.day_path(target)
    if path.exists():
        there = json.loads(path.read_text())
        there["entries"].append(entry)
    else:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        there = {"schema_version": 1, "date": target.isoformat(), "entries": [entry]}
    path.write_text(json.dumps(there))
    path.chmod(0o600)
    return str(entry["id"])


@pytest.mark.parametrize(
    ("target", "same"),
    [(date(2026, 11, 25), False), (date(2026, 11, 25), True), (date(2026, 11, 24), True)],
    ids=["other-day-other-text", "other-day-same-text", "same-day-twice"],
)
def test_the_backup_of_a_journal_with_a_duplicate_id_imports_back(
    run: Run,
    journal: Path,
    tmp_path: Path,
    target: date,
    same: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    day = date(2026, 11, 24)
    assert run("checkin", "--date", str(day), "-r", "goals=4", "--goals", "one").exit_code == 0
    key = _duplicate(journal, day, target, same_content=same)
    assert key in run("doctor").stdout
    backup = tmp_path / "backup.json"
    exported = run("export", "--format", "json", "-o", str(backup))
    assert exported.exit_code == 0
    warning = exported.stderr.splitlines()[0]
    assert warning.startswith(f"warning: the journal holds 1 id more than once ({key} on ")
    assert target.isoformat() in warning
    # Into an empty journal: both entries come back, as they were.
    restored = tmp_path / "restored"
    monkeypatch.setenv("SELFLEAD_HOME", str(restored))
    first = run("import", str(backup))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("Added 2 check-ins")
    original, copy = Store(journal), Store(restored)
    for each in {day, target}:
        assert copy.read_day(each) == original.read_day(each)
    # Again: nothing new.
    again = run("import", str(backup))
    assert again.exit_code == 0 and again.stdout.startswith("Added 0 check-ins")
    assert "Skipped 2 check-ins" in again.stdout


def test_more_than_three_duplicate_ids_are_counted(run: Run, journal: Path) -> None:
    for n in range(5):
        result = run("checkin", "--date", f"2026-11-1{n}", "-r", "goals=3")
        assert result.exit_code == 0
        _duplicate(journal, date(2026, 11, 10 + n), date(2026, 11, 20 + n), same_content=True)
    result = run("export", "--format", "json")
    assert result.exit_code == 0
    assert "holds 5 ids more than once" in result.stderr and "; and 2 more)" in result.stderr
    assert len(json.loads(result.stdout)["entries"]) == 10


def test_markdown_export_does_not_warn(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    _duplicate(journal, date(2026, 11, 24), date(2026, 11, 25), same_content=True)
    result = run("export")
    assert result.exit_code == 0 and result.stderr == ""


def test_an_import_into_a_journal_holding_one_of_them_keeps_the_journals(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    key = _duplicate(journal, date(2026, 11, 24), date(2026, 11, 25), same_content=False)
    backup = tmp_path / "b.json"
    assert run("export", "--format", "json", "-o", str(backup)).exit_code == 0
    (journal / "entries" / "2026" / "2026-11-25.json").unlink()
    result = run("import", str(backup))
    assert result.exit_code == 0
    assert "Skipped 1 check-in" in result.stdout and f"id {key}" in result.stdout
