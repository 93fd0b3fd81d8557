"""The month and year reviews say only what the numbers support (issue 15).

A table of spans, each built in the store and run through ``selflead review --month`` (or
``--year``) and its ``--json``, with the exact sentences the review must say, in order, and
some it must never say.
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

from selflead.areas import AREAS
from selflead.core.span_review import RANKED_WEEK_DAYS, build_span_review
from selflead.core.span_statements import describe
from selflead.core.spans import parse_span
from selflead.core.stats import area_averages
from selflead.core.streaks import streaks
from selflead.models import AreaCheckin, Commitment, Entry, Goal, Mark, WeeklyReflection
from selflead.store.index_spans import day_ratings
from selflead.store.journal import Store

Run = Callable[..., Result]

W45 = date(2026, 11, 2)  # the Mondays of November 2026 (it begins on a Sunday, in W44)
W46 = date(2026, 11, 9)
W47 = date(2026, 11, 16)
AFTER = date(2026, 12, 10)  # "today" for a past November
AT = datetime(2026, 11, 1, 9, tzinfo=UTC)


def make(on: date, text: str = "", **ratings: int | None) -> Entry:
    areas = {area: AreaCheckin(rating=rating, reflection=text) for area, rating in ratings.items()}
    return Entry(
        id=f"{on.isoformat()}-{''.join(sorted(ratings))}",
        date=on,
        created=datetime(on.year, on.month, on.day, 20, tzinfo=UTC),
        **areas,
    )


def every(on: date, rating: int) -> Entry:
    return make(on, communication=rating, emotions=rating, behaviour=rating, goals=rating)


def days(monday: date, count: int, rating: int) -> list[Entry]:
    return [every(monday + timedelta(days=i), rating) for i in range(count)]


def flat(text: str) -> str:
    """The screen without panel borders and line wrapping: one line of words."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@dataclass
class Case:
    entries: list[Entry]
    says: list[str]  # exact sentences, in the order shown
    never: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # --json keys and their values
    argv: tuple[str, ...] = ("--month", "2026-11")
    today: date = AFTER
    config: str | None = None
    coaching: Callable[[Store], None] | None = None


def _coaching(store: Store) -> None:
    """W45's commitments (one kept once and missed once, one dropped), reflections of W44
    (October's: its Thursday is 29 October), W46 and W49 (December's), a goal reached."""
    marks = [Mark(date=date(2026, 11, 3), outcome="kept"), Mark(date=W45, outcome="missed")]
    kept = Commitment(id="a1" * 6, when="I open my laptop", will="plan", created=AT, marks=marks)
    dropped = Commitment(id="b2" * 6, when="x", will="y", created=AT, dropped=True, marks=marks)
    goal = Goal(
        id="c3" * 6,
        title="Run a 10k",
        created=AT,
        started=date(2026, 10, 1),
        status="done",
        closed=date(2026, 11, 20),
    )
    later = goal.model_copy(update={"id": "d4" * 6, "title": "Later", "closed": date(2026, 12, 2)})
    with store.locked():
        store.write_commitments("2026-W45", [kept, dropped])
        store.write_goal(goal)
        store.write_goal(later)
    for week, will in (("2026-W44", "Old week"), ("2026-W46", "Ask before I answer"),
                       ("2026-W49", "December week")):  # fmt: skip
        store.write_week(week, WeeklyReflection(will=will, created=AT, updated=AT))


CASES: dict[str, Case] = {
    "a past month: ties named, best and hardest weeks, change from October": Case(
        [
            every(date(2026, 10, 15), 3),
            *days(W45, 3, 4),
            *days(W46, 3, 2),
            *[
                make(W47 + timedelta(days=i), communication=5, emotions=3, behaviour=3, goals=3)
                for i in range(4)
            ],
        ],
        says=[
            "10 of 30 days checked in · 10 entries",
            "Longest streak in November 2026: 4 days (16–19 Nov)",
            "Strongest: Communication (3.80) · Weakest: Emotions, Behaviour and Goals, all 3.00",
            "Best week: W45 (2–8 Nov), 4.00 over 3 rated days",
            "Hardest week: W46 (9–15 Nov), 2.00 over 3 rated days",
        ],
        never=["so far", "observation", "Commitments", "Goals reached", "GROW Will"],
        facts={
            "month": "2026-11",
            "days_checked_in": 10,
            "days_possible": 30,
            "change": {"communication": 0.8, "emotions": 0.0},
            "previous_averages": {"goals": 3.0},
            "ties": {"weakest": ["emotions", "behaviour", "goals"], "even": False},
            "streak": {"longest": 4, "start": "2026-11-16", "end": "2026-11-19"},
            "weekly_averages": {"communication": [None, 4.0, 2.0, 5.0, None, None]},
            "few_data": False,
        },
    ),
    "two weeks share the best mean: both named": Case(
        [*days(W45, 3, 4), *days(W46, 3, 4), *days(W47, 3, 2)],
        says=[
            "An even month across the areas: Communication, Emotions, Behaviour and Goals, "
            "all 3.33.",
            "Best weeks: W45 (2–8 Nov) and W46 (9–15 Nov), both 4.00",
            "Hardest week: W47 (16–22 Nov), 2.00 over 3 rated days",
        ],
        never=["Strongest"],
        facts={"ties": {"even": True}, "best_weeks": [{"week": "2026-W45"}, {"week": "2026-W46"}]},
    ),
    "every week level: no best and no hardest": Case(
        [*days(W45, 4, 3), *days(W46, 4, 3)],
        says=["Every week with 3 or more days rated was level: 2 weeks, both 3.00."],
        never=["Best week", "Hardest week"],
        facts={"ranked_weeks": 2},
    ),
    "few days: an observation, no week ranked": Case(
        [make(W45, goals=4, emotions=5), make(W45 + timedelta(days=1), goals=2, emotions=5)],
        says=[
            "Only 2 days with a check-in in November 2026: read what follows as an "
            "observation, not yet a pattern.",
            "2 of 30 days checked in · 2 entries",
            "Longest streak in November 2026: 2 days (2–3 Nov)",
            "On the 2 days you checked in: highest Emotions (5.00), lowest Goals (3.00).",
            "Not rated in November 2026: Communication and Behaviour.",
            "No best or hardest week to name: that takes two weeks with 3 or more days rated, "
            "and in November 2026 there are none.",
        ],
        never=["Strongest", "Best week"],
        facts={"few_data": True, "ranked_weeks": 0, "best_weeks": []},
    ),
    "few days over two weeks: the weeks are observed, not judged": Case(
        [*days(W45, 3, 4), *days(W46, 3, 2)],
        says=[
            "Only 6 days with a check-in in November 2026",
            "On the 6 days you checked in, the areas were level: Communication, Emotions, "
            "Behaviour and Goals, all 3.00.",
            "Of 2 weeks with 3 or more days rated, the highest was W45 (2–8 Nov) at 4.00 and "
            "the lowest W46 (9–15 Nov) at 2.00.",
        ],
        never=["Best week", "Hardest week", "An even month"],
    ),
    "the current month: so far, the days left, the week in progress cut at today": Case(
        [*days(W45, 4, 4), *days(W47, 3, 3)],
        today=date(2026, 11, 18),
        argv=("--month",),
        says=[
            "This month so far: 12 days to go (19–30 Nov).",
            "7 of 18 days checked in so far · 7 entries",
            "Longest streak in November 2026 so far: 4 days (2–5 Nov)",
            "An even month so far across the areas: Communication, Emotions, Behaviour and "
            "Goals, all 3.57.",
            "Best week: W45 (2–8 Nov), 4.00 over 4 rated days",
            "Hardest week: W47 (16–18 Nov), 3.00 over 3 rated days",
        ],
        facts={"in_progress": True, "days_left": 12, "days_possible": 18},
    ),
    "the current month on its last day": Case(
        days(W45, 7, 3),
        today=date(2026, 11, 30),
        argv=("--month",),
        says=["This month so far: today is its last day.", "7 of 30 days checked in so far"],
        never=["to go"],
    ),
    "one area rated": Case(
        [make(W45 + timedelta(days=i), goals=3 + i % 2) for i in range(8)],
        says=[
            "Only Goals was rated in November 2026 (3.50).",
            "Not rated in November 2026: Communication, Emotions and Behaviour.",
        ],
        never=["Strongest"],
    ),
    "check-ins without a rating": Case(
        [make(W45 + timedelta(days=i), "words only", goals=None) for i in range(7)],
        says=[
            "7 of 30 days checked in · 7 entries",
            "No ratings in November 2026.",
            "No best or hardest week to name",
        ],
        facts={"averages": {"goals": None}},
    ),
    "a past month without check-ins": Case(
        [every(date(2026, 10, 1), 3)],
        says=["No check-ins in November 2026."],
        never=["Longest streak", "Strongest", "checked in"],
        facts={"days_checked_in": 0, "streak": {"longest": 0, "start": None}},
    ),
    "the current month without check-ins yet": Case(
        [every(date(2026, 10, 1), 3)],
        today=date(2026, 11, 3),
        argv=("--month",),
        says=[
            "No check-ins this month yet. That is fine: it starts with one. Two minutes now: "
            "selflead checkin"
        ],
    ),
    "a month that has not begun": Case(
        [],
        argv=("--month", "2027-01"),
        says=["January 2027 has not started yet. Its check-ins begin on Friday 1 January 2027."],
        facts={"month": "2027-01", "days_possible": 0},
    ),
    "--last is the month before today's": Case(
        days(W45, 7, 3),
        today=date(2026, 12, 2),
        argv=("--month", "--last"),
        says=["7 of 30 days checked in · 7 entries"],
        never=["so far"],
        facts={"month": "2026-11"},
    ),
    "commitments kept, goals reached and the Will answers of the month's own weeks": Case(
        days(W45, 7, 3),
        coaching=_coaching,
        says=[
            "Commitments: kept 1 of 2 occasions (50%), across 1 commitment.",
            "Goals reached in November 2026: Run a 10k (20 Nov)",
            "What you said you will do (GROW Will), by week W46 (9–15 Nov) Ask before I answer",
        ],
        never=["Old week", "December week", "Later"],
        facts={
            "commitments": {"count": 1, "follow_through": {"kept": 1, "missed": 1}},
            "goals": {"reached": [{"title": "Run a 10k", "closed": "2026-11-20"}]},
            "will": [{"week": "2026-W46", "text": "Ask before I answer"}],
        },
    ),
    "weekdays only: weekdays counted, the weekend said apart": Case(
        [*days(W45, 7, 3), *days(W46, 5, 3)],
        config="weekdays_only = true\n",
        says=[
            "10 of 21 weekdays checked in · 12 entries (and 2 days at the weekend)",
            "Longest streak in November 2026: 10 weekdays (2–13 Nov)",
        ],
        facts={"weekdays_only": True, "days_checked_in": 10},
    ),
    "a year: weeks of another ISO year named in full": Case(
        [*days(date(2025, 12, 1), 3, 2), *days(date(2025, 12, 29), 3, 5)],
        argv=("--year", "2025"),
        says=[
            "Only 6 days with a check-in in 2025",
            "6 of 365 days checked in · 6 entries",
            "Longest streak in 2025: 3 days (1–3 Dec)",
            "Of 2 weeks with 3 or more days rated, the highest was 2026-W01 (29–31 Dec) at "
            "5.00 and the lowest W49 (1–7 Dec) at 2.00.",
        ],
        facts={
            "year": "2025",
            "monthly_averages": {"goals": [None] * 11 + [3.5]},
            "parts": [{"key": "2025-01"}] + [{}] * 11,
        },
    ),
    "a year with enough days: best and hardest weeks, the change from the year before": Case(
        [
            every(date(2024, 6, 3), 4),
            *days(date(2025, 3, 3), 7, 4),
            *days(date(2025, 6, 2), 7, 2),
            *days(date(2025, 9, 1), 14, 3),
        ],
        argv=("--year", "2025"),
        says=[
            "28 of 365 days checked in · 28 entries",
            "Longest streak in 2025: 14 days (1–14 Sep)",
            "An even year across the areas: Communication, Emotions, Behaviour and Goals, "
            "all 3.00.",
            "Best week: W10 (3–9 Mar), 4.00 over 7 rated days",
            "Hardest week: W23 (2–8 Jun), 2.00 over 7 rated days",
        ],
        never=["observation", "so far"],
        facts={"change": {"goals": -1.0}, "few_data": False},
    ),
}


def build(journal: Path, case: Case) -> None:
    store = Store(journal)
    for entry in case.entries:
        store.add_entry(entry)
    if case.coaching is not None:
        case.coaching(store)
    if case.config is not None:
        journal.mkdir(mode=0o700, exist_ok=True)
        (journal / "config.toml").write_text(case.config, encoding="utf-8")


def contains(actual: Any, expected: Any) -> bool:
    """``expected`` holds a subset of ``actual``'s keys (dicts), items in order (lists)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and contains(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            contains(a, e) for a, e in zip(actual, expected, strict=True)
        )
    return bool(actual == expected)


@pytest.mark.parametrize("name", CASES)
def test_the_span_review_says_exactly_what_the_span_supports(
    run: Run, journal: Path, name: str
) -> None:
    case = CASES[name]
    build(journal, case)
    env = {"SELFLEAD_TODAY": case.today.isoformat()}
    shown = run("review", *case.argv, env=env)
    assert shown.exit_code == 0, shown.stderr
    screen = flat(shown.stdout)
    position = 0
    for sentence in case.says:
        found = screen.find(sentence, position)
        assert found >= 0, f"{sentence!r} not said (in order) in:\n{shown.stdout}"
        position = found + len(sentence)
    for words in case.never:
        assert words not in screen, f"{words!r} said in:\n{shown.stdout}"

    data = json.loads(run("review", *case.argv, "--json", env=env).stdout)
    for key, value in case.facts.items():
        assert contains(data[key], value), (key, data[key])
    # The week review's keys keep their names and shapes here.
    assert {"start", "end", "days_checked_in", "entries", "averages", "change"} <= set(data)
    assert {"previous_averages", "rated_days", "ties", "few_data", "skipped_days"} <= set(data)


ratings = st.one_of(st.none(), st.integers(1, 5))


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.integers(-20, 40),  # days from 1 November 2026: some in October and December
        st.fixed_dictionaries(dict.fromkeys(AREAS, ratings)),
        max_size=40,
    ),
    st.integers(0, 60),
)
def test_any_month_is_counted_as_the_weekly_rules_count(
    plan: dict[int, dict[str, int | None]], today_offset: int
) -> None:
    """Averages, days and the longest streak agree with the weekly review's own helpers, and
    the best week is never below the hardest."""
    start = date(2026, 11, 1)
    today = start + timedelta(days=today_offset)
    entries = [make(start + timedelta(days=offset), **values) for offset, values in plan.items()]
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(entry.date, []).append(entry)
    read = [day_ratings(day, by_day[day]) for day in sorted(by_day)]
    span = parse_span("month", "2026-11")
    review = build_span_review(span, read, [], today)
    inside = [e for e in entries if span.start <= e.date <= span.end]
    assert {a.area: a.average for a in review.areas} == area_averages(inside)
    assert review.active_days == len({e.date for e in inside})
    counted = [e.date for e in inside if e.date <= today]
    longest = streaks(counted, min(today, span.end))[1]
    assert (review.longest.days if review.longest else 0) == longest
    if review.best_weeks:
        assert review.best_weeks[0].average >= review.hardest_weeks[0].average
        assert all(w.rated_days >= RANKED_WEEK_DAYS for w in review.best_weeks)
    text = describe(review)
    said = " ".join([*text.opening, text.days, text.streak, *text.compare, *text.weeks])
    assert ("so far" in said) == (review.in_progress and bool(review.active_days))
    assert ("observation" in said) == (review.few_data and bool(review.active_days))
