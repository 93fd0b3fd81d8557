"""The weekly review: numbers, streaks, week boundaries, focus, JSON, and the CLI around it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

import helpers
from selflead.core.quotes import load_bank
from selflead.core.review import build_review, resolve_week, streaks
from selflead.dates import iso_week, parse_week, week_start
from selflead.errors import InputError
from selflead.models import Entry

Run = Callable[..., Result]


def entry(day: date, hour: int = 9, **areas: tuple[int | None, str]) -> Entry:
    return helpers.entry(day, hour, id=f"{day.isoformat()}-{hour}-{len(areas)}", **areas)


MONDAY = date(2026, 11, 16)  # ISO week 2026-W47


def review_of(entries: list[Entry], previous: list[Entry] | None = None, today: date | None = None):
    days = {e.date for e in entries} | {e.date for e in previous or []}
    return build_review(
        MONDAY,
        entries,
        previous or [],
        days,
        today or MONDAY + timedelta(days=6),
        load_bank(),
    )


# --------------------------------------------------------------------------- numbers


def test_averages_are_the_mean_of_every_rating_given() -> None:
    entries = [
        entry(MONDAY, 8, goals=(5, "a"), emotions=(2, "")),
        entry(MONDAY, 20, goals=(2, ""), emotions=(None, "no rating")),
        entry(MONDAY + timedelta(days=3), goals=(4, "")),
    ]
    review = review_of(entries)
    data = review.to_json()
    assert data["averages"] == {
        "communication": None,
        "emotions": 2.0,
        "behaviour": None,
        "goals": round((5 + 2 + 4) / 3, 2),
    }
    assert data["entries"] == 3
    assert data["days_checked_in"] == 2
    # Daily averages: Monday holds two goal ratings (5, 2) -> 3.5; Thursday 4.
    assert review.area("goals").daily == [3.5, None, None, 4.0, None, None, None]


def test_change_from_previous_week() -> None:
    previous = [entry(MONDAY - timedelta(days=3), goals=(2, ""), emotions=(4, ""))]
    current = [entry(MONDAY, goals=(4, ""), emotions=(3, ""), behaviour=(3, ""))]
    data = review_of(current, previous).to_json()
    assert data["previous_averages"]["goals"] == 2.0
    assert data["change"] == {
        "communication": None,
        "emotions": -1.0,
        "behaviour": None,
        "goals": 2.0,
    }


def test_strongest_weakest_and_moments() -> None:
    entries = [
        entry(MONDAY, goals=(5, "Closed the deal"), emotions=(1, "Lost my temper")),
        entry(MONDAY + timedelta(days=1), communication=(3, "fine"), emotions=(2, "")),
    ]
    review = review_of(entries)
    assert review.strongest == "goals"
    assert review.weakest == "emotions"
    assert review.highest is not None and review.highest.reflection == "Closed the deal"
    assert review.lowest is not None
    assert (review.lowest.area, review.lowest.rating) == ("emotions", 1)
    assert review.focus.area == "emotions"
    # Two days of check-ins: an observation, never "lowest-rated" (issue 11).
    assert review.focus.reason.startswith("On the 2 days you checked in, emotions was at 1.50")
    assert "(rule 1: at or below 2.50)" in review.focus.reason


def test_focus_prefers_a_skipped_area_over_a_fair_weakest_one() -> None:
    entries = [
        entry(MONDAY + timedelta(days=i), goals=(3, ""), emotions=(4, ""), communication=(4, ""))
        for i in range(4)
    ]
    review = review_of(entries)
    # Behaviour was never touched in 4 check-ins; goals, the weakest, is a fair 3.
    assert review.focus.area == "behaviour"
    assert "4 of 4" in review.focus.reason
    assert review.quote is not None and "behaviour" in review.quote.areas


def test_a_struggling_area_beats_a_skipped_one() -> None:
    entries = [
        entry(MONDAY + timedelta(days=i), goals=(2, ""), emotions=(4, ""), communication=(4, ""))
        for i in range(4)
    ]
    review = review_of(entries)
    assert review.focus.area == "goals"
    assert review.focus.reason.startswith("Goals averaged 2.00 so far, at or below 2.50")


def test_empty_week_is_not_an_error_and_suggests_consistency() -> None:
    review = review_of([])
    data = review.to_json()
    assert data["entries"] == 0 and data["days_checked_in"] == 0
    assert data["averages"] == dict.fromkeys(("communication", "emotions", "behaviour", "goals"))
    assert data["focus"]["area"] is None
    assert data["quote"]["text"]


# --------------------------------------------------------------------------- streaks


def test_streak_counts_up_to_yesterday_when_today_is_still_open() -> None:
    today = date(2026, 11, 27)
    days = [today - timedelta(days=i) for i in range(1, 4)]  # the three days before today
    assert streaks(days, today) == (3, 3)
    assert streaks([*days, today], today) == (4, 4)


def test_streak_broken_by_a_gap_and_longest_is_kept() -> None:
    run_a = [date(2026, 1, 1) + timedelta(days=i) for i in range(10)]
    run_b = [date(2026, 2, 1) + timedelta(days=i) for i in range(3)]
    assert streaks(run_a + run_b, date(2026, 2, 3)) == (3, 10)
    assert streaks(run_a + run_b, date(2026, 2, 10)) == (0, 10)


def test_streak_crosses_a_year() -> None:
    days = [date(2026, 12, 30) + timedelta(days=i) for i in range(5)]  # Dec 30 .. Jan 3
    assert streaks(days, date(2027, 1, 3)) == (5, 5)


def test_streak_ignores_days_after_the_reviewed_week() -> None:
    days = [date(2026, 11, 20) + timedelta(days=i) for i in range(10)]
    assert streaks(days, date(2026, 11, 22)) == (3, 3)


# --------------------------------------------------------------------------- weeks


def test_sunday_belongs_to_the_week_that_began_on_monday() -> None:
    sunday = date(2026, 11, 22)
    assert iso_week(sunday) == "2026-W47"
    assert week_start(sunday) == MONDAY
    assert iso_week(sunday + timedelta(days=1)) == "2026-W48"


def test_weeks_that_cross_a_year() -> None:
    assert parse_week("2026-W53") == date(2026, 12, 28)
    assert iso_week(date(2027, 1, 3)) == "2026-W53"
    assert iso_week(date(2027, 1, 4)) == "2027-W01"
    assert parse_week("2020-W01") == date(2019, 12, 30)


@pytest.mark.parametrize("bad", ["2026-W60", "2026-47", "2026-W00", "2025-W53", "W47", ""])
def test_malformed_weeks_are_refused(bad: str) -> None:
    with pytest.raises(InputError):
        parse_week(bad)


def test_resolve_week_default_last_and_conflict() -> None:
    thursday = date(2026, 11, 26)
    assert resolve_week(None, False, thursday) == date(2026, 11, 23)
    assert resolve_week(None, True, thursday) == MONDAY
    with pytest.raises(InputError):
        resolve_week("2026-W47", True, thursday)


# --------------------------------------------------------------------------- the CLI


def checkin(run: Run, day: str, *args: str) -> None:
    result = run("checkin", "--date", day, *args)
    assert result.exit_code == 0, result.stderr


def test_review_json_over_the_cli(run: Run) -> None:
    checkin(run, "2026-11-16", "--rate", "goals=4", "--rate", "emotions=2")
    checkin(run, "2026-11-22", "--rate", "goals=5", "--goals", "Sunday planning")
    checkin(run, "2026-11-23", "--rate", "goals=1")  # next week: must not count
    checkin(run, "2026-11-10", "--rate", "goals=2")  # the week before
    result = run("review", "--week", "2026-W47", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {
        "week",
        "start",
        "end",
        "days_checked_in",
        "entries",
        "averages",
        "previous_averages",
        "streak",
        "focus",
        "quote",
    } <= set(data)
    assert data["week"] == "2026-W47"
    assert (data["start"], data["end"]) == ("2026-11-16", "2026-11-22")
    assert data["entries"] == 2 and data["days_checked_in"] == 2
    assert data["averages"]["goals"] == 4.5
    assert data["averages"]["emotions"] == 2.0
    assert data["previous_averages"]["goals"] == 2.0
    assert set(data["quote"]) >= {"text", "author"}
    assert result.stderr == ""


def test_review_last_week_by_default_date(run: Run) -> None:
    checkin(run, "2026-11-18", "--rate", "communication=3")
    result = run("review", "--last", "--json", env={"SELFLEAD_TODAY": "2026-11-25"})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["week"] == "2026-W47"
    current = run("review", "--json", env={"SELFLEAD_TODAY": "2026-11-25"})
    assert json.loads(current.stdout)["week"] == "2026-W48"


def test_review_shows_the_week_readably(run: Run) -> None:
    checkin(run, "2026-11-16", "--rate", "goals=5", "--goals", "[bold]won[/] the pitch")
    checkin(run, "2026-11-17", "--rate", "goals=2", "--rate", "emotions=1")
    result = run("review", "--week", "2026-W47", env={"SELFLEAD_TODAY": "2026-11-18"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "2 of 7 days" in out
    assert "Streak" in out
    for label in ("Communication", "Emotions", "Behaviour", "Goals"):
        assert label in out
    assert "3.50" in out  # goals average
    assert "[bold]won[/] the pitch" in out  # user text literally, as the best moment
    assert "Focus for the rest of the week" in out  # today is inside the week
    assert "Emotions" in out


def test_empty_week_says_so_kindly(run: Run) -> None:
    result = run("review", "--week", "2026-W47", env={"SELFLEAD_TODAY": "2026-11-18"})
    assert result.exit_code == 0
    assert "No check-ins this week yet" in result.stdout
    assert "selflead checkin" in result.stdout
    past = run("review", "--week", "2020-W10")
    assert past.exit_code == 0
    assert "No check-ins that week" in past.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W60"], "week '2026-W60' does not exist"),
        (["--week", "2026-47"], "week '2026-47' is not an ISO week"),
        (["--week", "2026-W47", "--last"], "--week and --last cannot be combined"),
        (["--json", "--reflect"], "--reflect cannot be combined with --json"),
        (["--reflect"], "stdin is not a terminal"),
    ],
)
def test_review_bad_input(run: Run, args: list[str], message: str) -> None:
    result = run("review", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_damaged_day_stops_the_review_unless_skipped(run: Run, journal: Path) -> None:
    checkin(run, "2026-11-16", "--rate", "goals=4")
    checkin(run, "2026-11-17", "--rate", "goals=2")
    broken = journal / "entries" / "2026" / "2026-11-17.json"
    broken.write_text('{"schema_version": 1, "date": "2026-11-17", "entr', encoding="utf-8")
    before = broken.read_bytes()
    result = run("review", "--week", "2026-W47", "--json")
    assert result.exit_code == 3
    assert str(broken) in result.stderr
    assert result.stdout == ""
    skipped = run("review", "--week", "2026-W47", "--json", "--skip-damaged")
    assert skipped.exit_code == 0, skipped.stderr
    data = json.loads(skipped.stdout)
    assert data["entries"] == 1 and data["averages"]["goals"] == 4.0
    assert data["skipped_days"] == [str(broken)]
    # The same warning as list and export give: the file and what is wrong with it.
    assert skipped.stderr.splitlines() == [
        f"warning: left out {broken}: is not valid JSON: Unterminated string starting at "
        "(line 1, column 45)"
    ]
    listed = run("list", "--all", "--skip-damaged")
    assert listed.stderr == skipped.stderr
    assert broken.read_bytes() == before


def test_saved_reflection_appears_in_later_reviews(run: Run, journal: Path) -> None:
    from selflead.models import WeeklyReflection
    from selflead.store.journal import Store

    checkin(run, "2026-11-16", "--rate", "goals=4")
    now = datetime(2026, 11, 22, 18, tzinfo=UTC)
    Store(journal).write_week(
        "2026-W47",
        WeeklyReflection(
            goal="Ship [red]v2[/]",
            reality="Slow start",
            options="",
            will="Call Ana Mon",
            created=now,
            updated=now,
        ),
    )
    data = json.loads(run("review", "--week", "2026-W47", "--json").stdout)
    assert data["reflection"] == {
        "goal": "Ship [red]v2[/]",
        "reality": "Slow start",
        "options": "",
        "will": "Call Ana Mon",
    }
    shown = run("review", "--week", "2026-W47").stdout
    assert "Ship [red]v2[/]" in shown and "Call Ana Mon" in shown
