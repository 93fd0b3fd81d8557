"""selflead supports the days 1900-01-01 to 2199-12-31 and refuses every other at each
entrance (options, the pinned clock, imports, files on disk) with one clear line, so that no
week, streak or export steps off Python's calendar."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from helpers import one_error, selflead
from selflead.store.journal import Store

Run = Callable[..., Result]
RANGE = "from 1900-01-01 to 2199-12-31"


def refused(result: Result, start: str, code: int = 2) -> str:
    return one_error(result, code, start)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_checkin_refuses_a_day_outside_the_range_and_saves_nothing(
    run: Run, journal: Path, day: str
) -> None:
    result = run("checkin", "--date", day, "-r", "goals=3", env={"SELFLEAD_TODAY": "2199-12-31"})
    line = refused(result, f"error: --date '{day}' is outside the days selflead supports")
    assert RANGE in line
    assert not (journal / "entries").exists()


@pytest.mark.parametrize("today", ["1900-01-01", "2199-12-31"])
def test_the_first_and_last_days_work_everywhere(run: Run, today: str, tmp_path: Path) -> None:
    env = {"SELFLEAD_TODAY": today}
    assert run("checkin", "-r", "goals=3", env=env).exit_code == 0
    for argv in (
        ["show"],
        ["list"],
        ["review"],
        ["review", "--last"],
        ["export"],
        ["export", "--format", "json", "-o", str(tmp_path / f"{today}.json")],
        ["export", "--split", "week", "-o", str(tmp_path / today)],
        ["quote"],
        ["doctor"],
    ):
        result = run(*argv, env=env)
        assert result.exit_code == 0, (argv, result.stderr)
    again = run("import", str(tmp_path / f"{today}.json"), env=env)
    assert again.exit_code == 0 and "Skipped 1 check-in" in again.stdout


def test_yesterday_before_the_first_day_is_refused(run: Run) -> None:
    result = run(
        "checkin", "--date", "yesterday", "-r", "goals=3", env={"SELFLEAD_TODAY": "1900-01-01"}
    )
    refused(result, "error: --date 'yesterday' is outside the days selflead supports")


@pytest.mark.parametrize("week", ["9999-W52", "1899-W52", "0001-W01", "2200-W02"])
def test_review_refuses_a_week_outside_the_range(run: Run, week: str) -> None:
    line = refused(run("review", "--week", week), f"error: week '{week}' is outside the weeks")
    assert "1900-W01 to 2200-W01" in line


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "0001-01-01"],
        ["list", "--from", "1800-01-01"],
        ["list", "--to", "9999-12-31"],
        ["export", "--from", "0001-01-01"],
        ["export", "--to", "2200-01-01"],
    ],
)
def test_every_date_option_refuses_the_range(run: Run, argv: list[str]) -> None:
    refused(run(*argv), "error: ")
    assert "outside the days selflead supports" in run(*argv).stderr


@pytest.mark.parametrize("pinned", ["0001-01-01", "9999-12-31"])
def test_a_pinned_clock_outside_the_range_is_one_line(pinned: str) -> None:
    done = selflead("checkin", "-r", "goals=3", env={"SELFLEAD_TODAY": pinned})
    one_error(done, 2, f"error: SELFLEAD_TODAY='{pinned}' is outside the days selflead supports")


def _backup(tmp_path: Path, **change: Any) -> Path:
    entry: dict[str, Any] = {
        "id": "e1",
        "date": "2026-11-24",
        "created": "2026-11-24T10:00:00+00:00",
    }
    review: dict[str, Any] = {
        "week": "2026-W48",
        "goal": "g",
        "created": entry["created"],
        "updated": entry["created"],
    }
    entry.update(change.get("entry", {}))
    review.update(change.get("review", {}))
    path = tmp_path / "backup.json"
    doc = {"format": "selflead", "version": 1, "entries": [entry], "reviews": [review]}
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"entry": {"date": "0001-01-01"}}, f"entry 1, date: must be a day {RANGE}"),
        ({"entry": {"date": "2200-01-01"}}, f"entry 1, date: must be a day {RANGE}"),
        (
            {"entry": {"created": "9999-12-31T23:59:59-12:00"}},
            f"entry 1, created: must be a moment {RANGE}",
        ),
        ({"review": {"week": "9999-W52"}}, f"review 1, week: 9999-W52 is not a week {RANGE}"),
        ({"review": {"week": "1899-W52"}}, f"review 1, week: 1899-W52 is not a week {RANGE}"),
    ],
)
def test_import_refuses_the_range_and_writes_nothing(
    run: Run, journal: Path, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    result = run("import", str(_backup(tmp_path, **change)))
    refused(result, f"error: {tmp_path / 'backup.json'}: {message}; ")
    assert not (journal / "entries").exists() and not (journal / "reviews").exists()


def _day_file(day: str) -> dict[str, Any]:
    entry = {"id": "e1", "date": day, "created": "2026-11-24T10:00:00+00:00"}
    return {"schema_version": 1, "date": day, "entries": [entry]}


def test_a_day_file_outside_the_range_is_damaged_not_a_crash(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    old = journal / "entries" / "0999" / "0999-01-01.json"
    old.parent.mkdir(mode=0o700)
    old.write_text(json.dumps(_day_file("0999-01-01")))
    old.chmod(0o600)
    line = refused(run("export"), f"error: {old}: date: must be a day {RANGE}", code=3)
    assert "--skip-damaged" in line
    skipped = run("export", "--skip-damaged")
    assert skipped.exit_code == 0 and "Tuesday 24 November 2026" in skipped.stdout
    doctor = run("doctor")
    assert doctor.exit_code == 1 and f"must be a day {RANGE}" in doctor.stdout


def test_a_week_file_outside_the_range_does_not_break_every_export(run: Run, journal: Path) -> None:
    assert run("checkin", "--date", "2026-11-24", "-r", "goals=3").exit_code == 0
    week = journal / "reviews" / "9999-W52.json"
    week.parent.mkdir(mode=0o700)
    stamp = "2026-11-24T10:00:00+00:00"
    doc = {
        "schema_version": 1,
        "week": "9999-W52",
        "reflection": {"goal": "g", "created": stamp, "updated": stamp},
    }
    week.write_text(json.dumps(doc))
    week.chmod(0o600)
    refused(run("export"), f"error: {week}: ", code=3)
    result = run("export", "--skip-damaged")
    assert result.exit_code == 0 and "Week 2026-W48" in result.stdout
    assert run("review", "--week", "2026-W48").exit_code == 0
    assert Store(journal).read_day(date(2026, 11, 24))
