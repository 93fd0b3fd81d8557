"""The facts of ``selflead report``: a span's summary, its weeks and weekdays by area, the year
in pixels, its commitments and goals, and (unless numbers only) what was written in it.

Every number the report states is decided here; ``transfer/report.py`` lays them out in HTML.
The ratings come from the index (``store/index_spans.py``), so a year costs the same in a journal
of one year and of ten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from selflead.areas import AREAS, AreaName
from selflead.core.calendar import DayMeans, day_means
from selflead.core.commitments import span_commitments
from selflead.core.follow_through import WeekCommitments
from selflead.core.goals import GoalView, listed
from selflead.dates import FIRST_DAY, iso_week, week_start
from selflead.errors import DamagedFileError, InputError
from selflead.models import Entry, WeeklyReflection
from selflead.store.index_spans import DayRatings, entries_between
from selflead.store.journal import Store

DEFAULT_DAYS: Final = 365  # without --from: the year up to --to
WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Mean:
    """A mean rating and how many ratings it is of (``value`` None when there are none)."""

    total: int = 0
    n: int = 0

    @property
    def value(self) -> float | None:
        return self.total / self.n if self.n else None

    def __add__(self, other: Mean) -> Mean:
        return Mean(self.total + other.total, self.n + other.n)


def _means(rows: Sequence[DayRatings]) -> dict[AreaName, Mean]:
    found = {a: Mean() for a in AREAS}
    for row in rows:
        for a in AREAS:
            found[a] += Mean(row.sums[a], row.counts[a])
    return found


@dataclass(frozen=True)
class Week:
    """One ISO week of the span, by area (a week with no rating in an area has n 0 there)."""

    week: str
    monday: date
    areas: dict[AreaName, Mean]


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    today: date
    means: DayMeans
    areas: dict[AreaName, Mean]  # over the span
    weeks: list[Week]
    weekdays: dict[AreaName, list[Mean]]  # Monday to Sunday
    commitments: list[WeekCommitments]
    goals: list[GoalView]
    with_text: bool
    entries: list[Entry] = field(default_factory=list)  # only with text
    reflections: dict[str, WeeklyReflection] = field(default_factory=dict)  # GROW, by week
    damaged_weeks: list[DamagedFileError] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def days_checked_in(self) -> int:
        return len(self.means.checked_in)

    @property
    def check_ins(self) -> int:
        return sum(row.entries for row in self.means.rows)

    @property
    def so_far(self) -> bool:
        """The span ends today: its last week is not over."""
        return self.last >= self.today

    @property
    def years(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))


def resolve_span(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """``--from``/``--to``: by default the year (365 days) up to today. A span that starts
    after today is refused."""
    end = min(last or today, today)
    start = first or max(end - timedelta(days=DEFAULT_DAYS - 1), FIRST_DAY)
    if start > today:
        raise InputError(f"--from {start} is after today", "give a day up to today")
    return start, max(start, end)


def _weeks(rows: Sequence[DayRatings], first: date, last: date) -> list[Week]:
    by_week: dict[date, list[DayRatings]] = {}
    for row in rows:
        by_week.setdefault(week_start(row.day), []).append(row)
    weeks = []
    monday = week_start(first)
    while monday <= last:
        weeks.append(Week(iso_week(monday), monday, _means(by_week.get(monday, []))))
        monday += timedelta(days=7)
    return weeks


def _weekdays(rows: Sequence[DayRatings]) -> dict[AreaName, list[Mean]]:
    by_day: list[list[DayRatings]] = [[] for _ in WEEKDAYS]
    for row in rows:
        by_day[row.day.weekday()].append(row)
    per = [_means(day_rows) for day_rows in by_day]
    return {a: [per[n][a] for n in range(len(WEEKDAYS))] for a in AREAS}


def _goals_of_span(store: Store, first: date, last: date, today: date) -> list[GoalView]:
    """The goals open during the span: set by its end, and not closed before it began."""
    return [
        v
        for v in listed(store, today, everything=True)
        if v.goal.started <= last and (v.goal.closed is None or v.goal.closed >= first)
    ]


def build_report(
    store: Store, first: date | None, last: date | None, today: date, *, with_text: bool
) -> Report:
    start, end = resolve_span(first, last, today)
    means = day_means(store, start, end)
    rows = means.rows
    report = Report(
        start,
        end,
        today,
        means,
        _means(rows),
        _weeks(rows, start, end),
        _weekdays(rows),
        span_commitments(store, iso_week(start), iso_week(end)),
        _goals_of_span(store, start, end, today),
        with_text,
    )
    if with_text:
        report.entries.extend(entries_between(store, start, end))
        weeks = [w.week for w in report.weeks]
        found, damaged = store.read_weeks(weeks)
        report.reflections.update(found)
        report.damaged_weeks.extend(damaged)
    return report
