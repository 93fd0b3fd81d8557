"""The weekly review says only what the numbers support (issue 11).

A table of weeks, each built in the store and run through ``selflead review`` and
``selflead review --json``, with the exact sentences the review must say (and some it must
not); then hypothesis properties over any week.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

import helpers
from selflead.areas import AREA_LABELS, AREAS
from selflead.core import statements
from selflead.core.review import build_review
from selflead.models import AreaCheckin, Entry
from selflead.store.journal import Store

Run = Callable[..., Result]

W46 = date(2026, 11, 9)
W47 = date(2026, 11, 16)  # the week most cases review
W48 = date(2026, 11, 23)
AFTER = date(2026, 12, 1)  # "today" for a past week: a Tuesday, two weeks later


def day(monday: date, offset: int) -> date:
    return monday + timedelta(days=offset)


def make(on: date, hour: int = 20, text: str = "", **ratings: int | None) -> Entry:
    areas = {area: (rating, text if rating is not None else "") for area, rating in ratings.items()}
    return helpers.entry(
        on, hour, id=f"{on.isoformat()}-{hour:02d}-{''.join(sorted(ratings))}", **areas
    )


def every_area(on: date, rating: int, hour: int = 20) -> Entry:
    return make(on, hour, communication=rating, emotions=rating, behaviour=rating, goals=rating)


def flat(text: str) -> str:
    """The screen without panel borders and line wrapping: one line of words."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@dataclass
class Case:
    entries: list[Entry]
    says: list[str]  # exact sentences, in the order shown
    never: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # --json keys and their values
    week: str = "2026-W47"
    today: date = AFTER
    argv: tuple[str, ...] = ()
    config: str | None = None


def week_of(ratings: list[dict[str, int | None]], monday: date = W47) -> list[Entry]:
    """One check-in per day, Monday on, with the ratings given for that day."""
    return [make(day(monday, i), **r) for i, r in enumerate(ratings)]


CASES: dict[str, Case] = {
    "all four areas tied": Case(
        [every_area(day(W47, 0), 2), every_area(day(W47, 1), 4), every_area(day(W47, 2), 3)],
        says=[
            "An even week across the areas: Communication, Emotions, Behaviour and Goals, "
            "all 3.00.",
            "Every area you rated is level at 3.00; communication comes first in the order of "
            "the areas. (rule 4: the lowest average)",
        ],
        never=["Only area rated", "lowest-rated", "Strongest", "Weakest"],
        facts={
            "strongest": None,
            "weakest": None,
            "ties": {
                "strongest": ["communication", "emotions", "behaviour", "goals"],
                "weakest": ["communication", "emotions", "behaviour", "goals"],
                "even": True,
            },
        },
    ),
    "two tied high": Case(
        week_of(
            [{"communication": 3, "emotions": 4, "behaviour": 3, "goals": 4}] * 3,
        ),
        says=[
            "Strongest: Emotions and Goals, both 4.00 · Weakest: Communication and Behaviour, "
            "both 3.00",
            "Communication had the lowest average (3.00). Tied with Behaviour; chosen as the "
            "first in the order of the areas. (rule 4: the lowest average)",
        ],
        facts={
            "strongest": None,
            "weakest": None,
            "ties": {
                "strongest": ["emotions", "goals"],
                "weakest": ["communication", "behaviour"],
                "even": False,
            },
        },
    ),
    "two tied low, different changes": Case(
        week_of([{"emotions": 1, "goals": 4}] * 3, W46)
        + week_of([{"communication": 4, "emotions": 2, "behaviour": 4, "goals": 2}] * 3),
        says=[
            "Last week's focus, emotions: 1.00 -> 2.00, rated on 3 of 3 days.",
            "Strongest: Communication and Behaviour, both 4.00 · Weakest: Emotions and Goals, "
            "both 2.00",
            "Goals averaged 2.00, at or below 2.50: the area that needs you most. Tied with "
            "Emotions; chosen for the larger fall. (rule 1: at or below 2.50)",
        ],
        facts={
            "focus": {"area": "goals", "rule": "struggling", "tied_with": ["emotions"]},
            "previous_focus": {
                "area": "emotions",
                "rule": "struggling",
                "before": 1.0,
                "now": 2.0,
                "rated_days": 3,
                "days": 3,
            },
        },
    ),
    "several check-ins a day, every area rated daily": Case(
        [
            entry
            for i in range(5)
            for entry in (
                make(day(W47, i), 8, goals=3),
                make(day(W47, i), 21, communication=4, emotions=4, behaviour=4),
            )
        ],
        says=[
            "5 of 7 days checked in · 10 entries",
            "Strongest: Communication, Emotions and Behaviour, all 4.00 · Weakest: Goals (3.00)",
            "Goals had the lowest average (3.00). (rule 4: the lowest average)",
        ],
        never=["skipped communication", "You skipped"],
        facts={
            "skipped": dict.fromkeys(AREAS, 0),
            "rated_days": dict.fromkeys(AREAS, 5),
            "weakest": "goals",
            "strongest": None,
        },
    ),
    "one area never rated": Case(
        week_of([{"communication": 4, "emotions": 4, "goals": 4}] * 3),
        says=[
            "An even week across the areas: Communication, Emotions and Goals, all 4.00.",
            "Not rated that week: Behaviour.",
            "You skipped behaviour on 3 of 3 days: what you do not look at, you cannot lead. "
            "(rule 3: skipped on half the days or more)",
        ],
        facts={"skipped": {"communication": 0, "emotions": 0, "behaviour": 3, "goals": 0}},
    ),
    "one check-in only": Case(
        [make(day(W47, 2), emotions=2, goals=4)],
        says=[
            "Only 1 day with a check-in that week: read what follows as an observation, not "
            "yet a pattern.",
            "On the one day you checked in: highest Goals (4.00), lowest Emotions (2.00).",
            "On the one day you checked in, emotions was at 2.00, at or below 2.50: worth "
            "watching first. (rule 1: at or below 2.50)",
        ],
        never=["lowest-rated", "Strongest", "Weakest"],
        facts={"few_data": True, "days_checked_in": 1},
    ),
    "all ratings equal": Case(
        [every_area(day(W47, i), 3) for i in range(4)],
        says=[
            "An even week across the areas: Communication, Emotions, Behaviour and Goals, all 3.00."
        ],
        never=["Best moment", "Hardest moment"],
        facts={"highest": None, "lowest": None, "few_data": False},
    ),
    "a lone 1/5": Case(
        [make(day(W47, 0), text="Awful day", emotions=1)],
        says=[
            "Only Emotions was rated that week (1.00).",
            "On the one day you checked in, emotions was at 1.00, at or below 2.50: worth "
            "watching first. (rule 1: at or below 2.50)",
        ],
        never=["Best moment", "Hardest moment"],
        facts={"highest": None, "lowest": None},
    ),
    "a lone 5/5": Case(
        [make(day(W47, 0), text="Great day", goals=5)],
        says=[
            "Only Goals was rated that week (5.00).",
            "You skipped communication on the one day you checked in: what you do not look at, "
            "you cannot lead. Tied with Emotions and Behaviour; chosen as the first in the "
            "order of the areas. (rule 3: skipped on half the days or more)",
        ],
        never=["Best moment", "Hardest moment"],
        facts={"highest": None, "lowest": None, "focus": {"tie_break": "order"}},
    ),
    "the current week on its Monday": Case(
        [every_area(day(W48, 0), 4, hour=7)],
        week="2026-W48",
        today=W48,
        says=[
            "Only 1 day with a check-in so far: read what follows as an observation, not yet "
            "a pattern.",
            "This week so far: 6 days to go (Tuesday to Sunday).",
            "Streak: 1 day (longest 1)",
            "Focus for the rest of the week",
            "Carry this question into the rest of the week:",
        ],
        never=["Focus for next week", "Streak at the end"],
        facts={"days_left": 6},
    ),
    "the current week on its Monday, nothing yet": Case(
        week_of([{"communication": 2, "goals": 4}] * 5),
        week="2026-W48",
        today=W48,
        says=[
            "No check-ins this week yet. That is fine: a week starts with one. Two minutes now: "
            "selflead checkin",
            "Last week's focus was communication: this week is its first chance.",
            "Last week's review is ready: selflead review --last",
        ],
        facts={"entries": 0, "previous_focus": {"area": "communication", "now": None}},
    ),
    "the current week on its Wednesday": Case(
        week_of([{"communication": 4, "emotions": 3, "behaviour": 4, "goals": 4}] * 3, W48),
        week="2026-W48",
        today=day(W48, 2),
        says=[
            "This week so far: 4 days to go (Thursday to Sunday).",
            "Streak: 3 days (longest 3)",
            "Focus for the rest of the week",
            "Emotions had the lowest average so far (3.00). (rule 4: the lowest average)",
        ],
        never=["observation"],
        facts={"days_left": 4, "few_data": False},
    ),
    "the current week on its Sunday": Case(
        week_of([{"communication": 4, "emotions": 3, "behaviour": 4, "goals": 4}] * 7, W48),
        week="2026-W48",
        today=day(W48, 6),
        says=[
            "This week so far: today is its last day.",
            "7 of 7 days checked in · 7 entries",
            "Streak: 7 days (longest 7)",
            "Focus for next week",
        ],
        never=["rest of the week"],
        facts={"days_left": 0},
    ),
    "a past week with a broken streak": Case(
        week_of([{"goals": 4, "emotions": 3}] * 4)
        + [make(AFTER - timedelta(days=i), goals=4) for i in range(3)],
        says=["Streak at the end of that week: 0 days (longest 4)"],
        never=["Streak: "],
        facts={"streak": {"current": 0, "longest": 4}},
    ),
    "a week after a week with a focus": Case(
        week_of(
            [
                {"communication": r, "emotions": 4, "behaviour": 4, "goals": 4}
                for r in (2, 2, 3, 3, 2)
            ],
            W46,
        )
        + week_of(
            [
                {"communication": r, "emotions": 4, "behaviour": 4, "goals": 4}
                for r in (3, 3, 4, 3, 3)
            ]
            + [{"emotions": 4, "behaviour": 4, "goals": 4}]
        ),
        says=[
            "Last week's focus, communication: 2.40 -> 3.20, rated on 5 of 6 days.",
            "Communication had the lowest average (3.20). (rule 4: the lowest average)",
        ],
        facts={
            "previous_focus": {
                "area": "communication",
                "rule": "struggling",
                "before": 2.4,
                "now": 3.2,
                "rated_days": 5,
                "days": 6,
            },
            "change": {"communication": 0.8, "emotions": 0.0, "behaviour": 0.0, "goals": 0.0},
        },
    ),
    "weekdays only, from config.toml": Case(
        week_of([{"goals": 4, "emotions": 4}] * 5, W46)
        + week_of([{"goals": 4, "emotions": 4}] * 6),
        config="weekdays_only = true\n",
        says=[
            "5 of 5 weekdays checked in · 6 entries (and 1 day at the weekend)",
            "Streak at the end of that week: 10 weekdays (longest 10)",
        ],
        facts={
            "days_checked_in": 5,
            "weekdays_only": True,
            "streak": {"current": 10, "longest": 10},
        },
    ),
    "weekdays only, from --weekdays": Case(
        week_of([{"goals": 4, "emotions": 4}] * 5, W46)
        + week_of([{"goals": 4, "emotions": 4}] * 5),
        argv=("--weekdays",),
        says=[
            "5 of 5 weekdays checked in · 5 entries",
            "Streak at the end of that week: 10 weekdays",
        ],
        facts={"weekdays_only": True, "streak": {"current": 10, "longest": 10}},
    ),
    "--every-day overrides config.toml": Case(
        week_of([{"goals": 4, "emotions": 4}] * 5, W46)
        + week_of([{"goals": 4, "emotions": 4}] * 5),
        config="weekdays_only = true\n",
        argv=("--every-day",),
        says=[
            "5 of 7 days checked in · 5 entries",
            "Streak at the end of that week: 0 days (longest 5)",
        ],
        facts={"weekdays_only": False, "days_checked_in": 5},
    ),
}


def build(journal: Path, case: Case) -> None:
    store = Store(journal)
    for entry in case.entries:
        store.add_entry(entry)
    if case.config is not None:
        journal.mkdir(mode=0o700, exist_ok=True)
        (journal / "config.toml").write_text(case.config, encoding="utf-8")


def contains(actual: Any, expected: Any) -> bool:
    """``expected`` holds a subset of ``actual``'s keys (for dicts), equal values otherwise."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and contains(actual[k], v) for k, v in expected.items())
    return bool(actual == expected)


@pytest.mark.parametrize("name", CASES)
def test_the_review_says_exactly_what_the_week_supports(run: Run, journal: Path, name: str) -> None:
    case = CASES[name]
    build(journal, case)
    env = {"SELFLEAD_TODAY": case.today.isoformat()}
    shown = run("review", "--week", case.week, *case.argv, env=env)
    assert shown.exit_code == 0, shown.stderr
    screen = flat(shown.stdout)
    position = 0
    for sentence in case.says:
        found = screen.find(sentence, position)
        assert found >= 0, f"{sentence!r} not said (in order) in:\n{shown.stdout}"
        position = found + len(sentence)
    for words in case.never:
        assert words not in screen, f"{words!r} said in:\n{shown.stdout}"

    data = json.loads(run("review", "--week", case.week, *case.argv, "--json", env=env).stdout)
    for key, value in case.facts.items():
        assert contains(data[key], value), (key, data[key])
    # The new keys are always there, and the old ones keep their names.
    assert {"ties", "rated_days", "few_data", "previous_focus"} <= set(data)
    assert {"strongest", "weakest", "highest", "lowest", "focus", "skipped", "streak"} <= set(data)
    if data["entries"]:
        # The screen and --json say the same focus.
        assert flat(data["focus"]["reason"]) in screen


def test_a_bad_config_file_is_one_error_line(run: Run, journal: Path) -> None:
    build(journal, Case(week_of([{"goals": 4}] * 2), says=[]))
    config = journal / "config.toml"
    for text, problem in (
        ("weekdays_only = yes\n", "is not valid TOML"),
        ("weekdays_only = 1\n", "weekdays_only must be true or false"),
        ("weekday_only = true\n", "unknown setting 'weekday_only'"),
    ):
        config.write_text(text, encoding="utf-8")
        result = run("review", "--week", "2026-W47")
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"error: {config}: {problem}")
        assert "Traceback" not in result.output
        assert result.stdout == ""
    # An explicit --weekdays/--every-day decides the run without the file.
    assert run("review", "--week", "2026-W47", "--every-day").exit_code == 0


# --------------------------------------------------------------------------- properties

ratings = st.none() | st.integers(min_value=1, max_value=5)
an_entry = st.tuples(
    st.integers(min_value=0, max_value=6),  # the day of the week
    st.integers(min_value=0, max_value=23),  # the hour
    st.fixed_dictionaries(dict.fromkeys(AREAS, ratings)),
)


def entries_of(monday: date, drawn: list[tuple[int, int, dict[str, int | None]]]) -> list[Entry]:
    entries = []
    for number, (offset, hour, rated) in enumerate(drawn):
        on = day(monday, offset)
        entries.append(
            Entry(
                id=f"e{monday.isoformat()}-{number}",
                date=on,
                created=datetime(on.year, on.month, on.day, hour, tzinfo=UTC),
                **{
                    a: AreaCheckin(rating=r, reflection="" if r else "a note")
                    for a, r in rated.items()
                },
            )
        )
    return entries


@settings(max_examples=300, deadline=None)
@given(
    week=st.lists(an_entry, max_size=12),
    previous=st.lists(an_entry, max_size=6),
    before=st.lists(an_entry, max_size=4),
    today_offset=st.integers(min_value=0, max_value=14),
    weekdays_only=st.booleans(),
)
def test_any_week_is_said_truthfully(
    week: list[Any], previous: list[Any], before: list[Any], today_offset: int, weekdays_only: bool
) -> None:
    entries = entries_of(W47, week)
    review = build_review(
        W47,
        entries,
        entries_of(W46, previous),
        {e.date for e in entries},
        day(W47, today_offset),
        [],
        before_previous=entries_of(W46 - timedelta(days=7), before),
        weekdays_only=weekdays_only,
    )
    text = statements.describe(review)

    # Never both strongest and weakest, on screen or in the facts.
    if review.strongest is not None or review.weakest is not None:
        assert review.strongest != review.weakest
    for line in text.compare:
        if line.startswith("Strongest: "):
            high, low = line.removeprefix("Strongest: ").split(" · Weakest: ")
            for label in AREA_LABELS.values():
                assert not (label in high and label in low), line

    # Never a best moment rated below (or level with) a hardest one; best >= 4, hardest <= 2.
    if review.highest is not None:
        assert review.highest.rating >= 4
    if review.lowest is not None:
        assert review.lowest.rating <= 2
    if review.highest is not None and review.lowest is not None:
        assert review.highest.rating > review.lowest.rating

    # The focus reason names the rule that chose it.
    focus = review.focus
    if focus.area is None:
        assert review.entries == 0 and focus.rule == "none"
    else:
        rule = statements.say(f"focus.rule.{focus.rule}", threshold="2.50")
        assert focus.reason.endswith(rule), (focus.rule, focus.reason)
        assert focus.area not in focus.tied_with

    # Few data: observations, never a conclusion.
    if review.few_data:
        assert "lowest-rated" not in " ".join([*text.compare, focus.reason])
        assert not any(line.startswith("Strongest") for line in text.compare)


# --------------------------------------------------------------------------- the Markdown export


def test_each_exported_week_opens_with_the_summary_its_review_shows(
    run: Run, journal: Path, tmp_path: Path
) -> None:
    case = CASES["a week after a week with a focus"]
    build(journal, case)
    review = json.loads(run("review", "--week", "2026-W47", "--json").stdout)
    screen = flat(run("review", "--week", "2026-W47").stdout)
    # A range that starts mid-week: the summary still covers the whole week and the week
    # before (the review's facts), while only the days in range are exported.
    document = run("export", "--from", "2026-11-18", "--to", "2026-11-22").stdout
    section = document[document.index("## Week 2026-W47") :]
    summary = section[: section.index("### ")]
    for sentence in (
        "Last week's focus, communication: 2.40 -\\> 3.20, rated on 5 of 6 days.",
        "6 of 7 days checked in · 6 entries",
        "Averages: Communication 3.20 (+0.80) · Emotions 4.00 (\\= 0.00) · "
        "Behaviour 4.00 (\\= 0.00) · Goals 4.00 (\\= 0.00)",
        "**Focus for next week: Communication.** Communication had the lowest average (3.20). "
        "(rule 4: the lowest average)",
        f"**Carry this question into the week:** {review['focus']['question']}",
    ):
        assert sentence in summary, summary
    assert "Monday 16 November" not in section  # out of range
    assert review["focus"]["reason"] in screen

    notes = tmp_path / "notes"
    assert run("export", "--split", "week", "--output", str(notes)).exit_code == 0
    note = (notes / "2026-W47.md").read_text(encoding="utf-8")
    body = note[note.index("# Week 2026-W47") :]
    assert body.index("Last week's focus, communication") < body.index("## Monday 16 November")


def test_tags_are_real_tags_in_markdown_and_typed_text_stays_escaped(
    run: Run, journal: Path
) -> None:
    Store(journal).add_entry(
        Entry(
            id="tags",
            date=W47,
            created=datetime(2026, 11, 16, 9, tzinfo=UTC),
            goals=AreaCheckin(rating=4, reflection="#q4 is not a tag here"),
            tags=["q4", "1on1", "team/ops", "2026", "a_b", "[bold]"],
        )
    )
    document = run("export").stdout
    assert "**Tags:** #q4 #1on1 #team/ops \\#2026 \\#a\\_b \\#\\[bold\\]" in document
    assert "\\#q4 is not a tag here" in document


def test_doctor_checks_config_toml_as_the_users_own_file(run: Run, journal: Path) -> None:
    build(journal, Case(week_of([{"goals": 4}]), says=[], config="weekdays_only = true\n"))
    config = journal / "config.toml"
    config.chmod(0o600)
    healthy = run("doctor")
    assert healthy.exit_code == 0, healthy.stdout
    assert "config.toml" not in healthy.stdout  # known, valid and private: nothing to say
    config.write_text("weekdays_only = 1\n", encoding="utf-8")
    config.chmod(0o600)
    sick = run("doctor")
    assert sick.exit_code == 1
    assert "config.toml: weekdays_only must be true or false" in sick.stdout
    assert config.read_text(encoding="utf-8") == "weekdays_only = 1\n"  # never changed


def test_weekdays_only_streak_is_the_same_at_check_in_and_in_the_review(
    run: Run, journal: Path
) -> None:
    build(journal, Case([], says=[], config="weekdays_only = true\n"))
    for on in ("2026-11-19", "2026-11-20"):  # Thursday, Friday
        assert run("checkin", "--date", on, "--rate", "goals=4").exit_code == 0
    monday = run("checkin", "--date", "2026-11-23", "--rate", "goals=4")
    assert monday.exit_code == 0, monday.stderr
    assert monday.stderr.strip().endswith("(3 weekdays in a row)")
    env = {"SELFLEAD_TODAY": "2026-11-23"}
    data = json.loads(run("review", "--json", env=env).stdout)
    assert data["streak"] == {"current": 3, "longest": 3}
    assert "Streak: 3 weekdays (longest 3)" in flat(run("review", env=env).stdout)


def test_a_broken_config_stops_a_check_in_before_anything_is_asked_or_written(
    run: Run, journal: Path
) -> None:
    build(journal, Case([], says=[], config="weekdays_only = 'yes'\n"))
    result = run("checkin", "--rate", "goals=4")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {journal / 'config.toml'}: weekdays_only must be true or false")
    assert not (journal / "entries").exists()


@settings(max_examples=200, deadline=None)
@given(
    offsets=st.sets(st.integers(min_value=0, max_value=40), max_size=30),
    weekdays_only=st.booleans(),
)
def test_the_check_in_streak_is_the_review_streak(offsets: set[int], weekdays_only: bool) -> None:
    from selflead.core.streaks import days_in_a_row, streaks

    days = {W46 + timedelta(days=n) for n in offsets}
    for until in sorted(days):
        if weekdays_only and until.weekday() >= 5:
            continue  # a weekend check-in makes no weekday streak of its own
        current, _ = streaks(days, until, weekdays_only=weekdays_only)
        assert days_in_a_row(days.__contains__, until, weekdays_only=weekdays_only) == current
