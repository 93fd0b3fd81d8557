"""``selflead on-this-day`` and the line a check-in's closing says about it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from selflead.core.on_this_day import days_back
from selflead.dates import FIRST_DAY, LAST_DAY

Run = Callable[..., Result]
TODAY = "2026-11-27"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFLEAD_TODAY", TODAY)


def entry(day: str, text: str = "", number: int = 1) -> dict[str, Any]:
    return {
        "id": f"{day}-{number}",
        "date": day,
        "created": f"{day}T20:00:00+01:00",
        "goals": {"rating": 3, "reflection": text},
    }


def imported(run: Run, tmp_path: Path, *entries: dict[str, Any]) -> None:
    backup = {"format": "selflead", "version": 1, "entries": list(entries), "reviews": []}
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr


def looked(day: str) -> list[tuple[str, int, str]]:
    return [(b.ago, b.count, b.day.isoformat()) for b in days_back(date.fromisoformat(day))]


def test_the_days_looked_back_at() -> None:
    assert looked("2026-11-27")[:4] == [
        ("week", 1, "2026-11-20"),
        ("month", 1, "2026-10-27"),
        ("year", 1, "2025-11-27"),
        ("year", 2, "2024-11-27"),
    ]
    assert looked("2026-01-15")[1] == ("month", 1, "2025-12-15")
    # A month shorter than the day: its last day.
    assert looked("2026-03-31")[1] == ("month", 1, "2026-02-28")
    assert looked("2028-03-30")[1] == ("month", 1, "2028-02-29")
    # 29 February: 28 February in the years without one.
    assert looked("2028-02-29")[2:6] == [
        ("year", 1, "2027-02-28"),
        ("year", 2, "2026-02-28"),
        ("year", 3, "2025-02-28"),
        ("year", 4, "2024-02-29"),
    ]


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_every_day_back_is_earlier_and_within_the_supported_days(day: date) -> None:
    backs = days_back(day)
    assert all(FIRST_DAY <= b.day < day for b in backs)
    assert len({b.day for b in backs}) == len(backs)
    assert [b.day for b in backs if b.ago == "year"] == sorted(
        (b.day for b in backs if b.ago == "year"), reverse=True
    )
    assert len([b for b in backs if b.ago == "year"]) == day.year - FIRST_DAY.year


def test_the_check_ins_of_each_day_back_the_nearest_first(run: Run, tmp_path: Path) -> None:
    imported(
        run,
        tmp_path,
        entry("2023-11-27", "three years back"),
        entry("2025-11-27", "a year back"),
        entry("2026-10-27", "a month back"),
        entry("2026-11-20", "a week back"),
        entry("2026-11-21", "not looked at"),
    )
    result = run("on-this-day")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    headings = [line for line in out.splitlines() if " · " in line and "│" not in line]
    assert headings == [
        "A week ago · Friday 20 November 2026",
        "A month ago · Tuesday 27 October 2026",
        "A year ago · Thursday 27 November 2025",
        "3 years ago · Monday 27 November 2023",
    ]
    positions = [out.index(t) for t in ("a week back", "a month back", "a year back", "three")]
    assert positions == sorted(positions)
    assert "not looked at" not in out
    data = json.loads(run("on-this-day", "--json").stdout)
    assert [(m["ago"], m["count"], m["date"]) for m in data["memories"]] == [
        ("week", 1, "2026-11-20"),
        ("month", 1, "2026-10-27"),
        ("year", 1, "2025-11-27"),
        ("year", 3, "2023-11-27"),
    ]
    assert data["memories"][0]["entries"][0]["goals"]["reflection"] == "a week back"


def test_another_day_is_looked_back_from(run: Run, tmp_path: Path) -> None:
    imported(run, tmp_path, entry("2026-02-28", "end of February"))
    result = run("on-this-day", "2026-03-31")
    assert result.exit_code == 0, result.stderr
    assert "A month before · Saturday 28 February 2026" in result.stdout


def test_nothing_to_look_back_at(run: Run) -> None:
    result = run("on-this-day")
    assert result.exit_code == 0
    assert " ".join(result.stdout.split()) == (
        "Nothing to look back at from today yet: no check-ins a week or a month before it, "
        "nor on 27 November in an earlier year."
    )


def test_a_bad_day_is_one_error_line(run: Run) -> None:
    result = run("on-this-day", "2026-02-30")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: date '2026-02-30' is not a real calendar day; use YYYY-MM-DD, 'today' or "
        "'yesterday'"
    ]


def test_a_damaged_day_back_stops_it_unless_skipped(
    run: Run, tmp_path: Path, journal: Path
) -> None:
    imported(run, tmp_path, entry("2026-11-20", "a week back"), entry("2025-11-27", "a year"))
    (journal / "entries" / "2025" / "2025-11-27.json").write_text("{", encoding="utf-8")
    result = run("on-this-day")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert "2025-11-27.json" in line and "--skip-damaged" in line
    skipped = run("on-this-day", "--skip-damaged")
    assert skipped.exit_code == 0
    assert "a week back" in skipped.stdout
    assert skipped.stderr.startswith("warning: left out")


# --------------------------------------------------------------------------- the check-in


def closing(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stderr.splitlines()[-1]


def test_a_check_in_mentions_what_there_is_to_look_back_at(run: Run, tmp_path: Path) -> None:
    imported(run, tmp_path, entry("2026-11-20"), entry("2024-11-27"))
    assert closing(run("checkin", "--rate", "goals=4")) == (
        "On this day: check-ins from a week ago and 2 years ago (selflead on-this-day)"
    )


def test_a_backfilled_check_in_names_its_day(run: Run, tmp_path: Path) -> None:
    imported(run, tmp_path, entry("2026-10-26"))
    assert closing(run("checkin", "--date", "2026-11-26", "--rate", "goals=4")) == (
        "Looking back from Thu 26 Nov: check-ins from a month before "
        "(selflead on-this-day 2026-11-26)"
    )


def test_many_years_are_counted_not_listed(run: Run, tmp_path: Path) -> None:
    imported(run, tmp_path, *(entry(f"{year}-11-27") for year in range(2016, 2026)))
    assert closing(run("checkin", "--rate", "goals=4")) == (
        "On this day: check-ins from 10 earlier years (selflead on-this-day)"
    )


def test_nothing_to_look_back_at_says_nothing(run: Run) -> None:
    result = run("checkin", "--rate", "goals=4")
    assert result.exit_code == 0
    assert "on-this-day" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Saved to ")


def test_a_check_in_saves_whatever_the_days_back_are(
    run: Run, tmp_path: Path, journal: Path
) -> None:
    # A year folder that is a file, and a day back that is a folder: the check-in saves, and
    # the line names only the day back that has a check-in file.
    imported(run, tmp_path, entry("2026-11-20"))
    (journal / "entries" / "2025").write_text("not a folder", encoding="utf-8")
    (journal / "entries" / "2026" / "2026-10-27.json").mkdir()
    result = run("checkin", "--rate", "goals=4")
    assert closing(result) == "On this day: check-ins from a week ago (selflead on-this-day)"
    assert (journal / "entries" / "2026" / f"{TODAY}.json").is_file()
