"""The month and year reviews: what a longer span of check-ins says.

``build_span_review`` is pure (days and their ratings in, a ``SpanReview`` out);
``load_span_review`` reads what it needs from the store: the span's and the span before's
ratings from the index, the commitments and reflections of the span's own weeks, the goals.
Its sentences are in ``core.span_statements``; ``ui.span_review`` shows it.

A week belongs to the month (and the year) of its Thursday, as ISO weeks do: its commitments
and its GROW Will answer are reviewed there. The sparkline's weeks and the best and hardest
weeks are the ISO weeks that touch the span, cut to its days.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from selflead.areas import AREAS, AreaName
from selflead.core.follow_through import Record, record_of
from selflead.core.spans import Part, Span, SpanKind, Ties, ties_of
from selflead.core.streaks import is_weekday, longest_run
from selflead.errors import DamagedFileError
from selflead.models import Commitment, Goal, WeeklyReflection

if TYPE_CHECKING:
    from selflead.store.index_spans import DayRatings
    from selflead.store.journal import Store

# With fewer days of check-ins than this, the review observes and does not conclude: a week's
# worth in a month, four weeks' worth in a year.
FEW_DAYS_IN: Final[dict[SpanKind, int]] = {"month": 7, "year": 28}
# A week is ranked among the best and hardest with at least this many days rated.
RANKED_WEEK_DAYS: Final = 3


@dataclass(frozen=True)
class SpanArea:
    area: AreaName
    average: float | None
    previous: float | None  # the span before's average
    rated_days: int
    parts: list[float | None]  # the average of each part (week or month), for the sparkline

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous is None:
            return None
        return round(self.average - self.previous, 2)


@dataclass(frozen=True)
class RankedWeek:
    """An ISO week (cut to the span) and the mean of every rating given in it."""

    week: str
    start: date
    end: date
    average: float
    rated_days: int

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "average": self.average,
            "rated_days": self.rated_days,
        }


@dataclass(frozen=True)
class Run:
    days: int
    first: date
    last: date


@dataclass(frozen=True)
class WillAnswer:
    week: str
    text: str


@dataclass(frozen=True)
class ReachedGoal:
    id: str
    title: str
    closed: date


@dataclass
class SpanReview:
    span: Span
    days_checked_in: int  # days counted (weekdays only: Monday to Friday) with a check-in
    days_possible: int  # the span's days counted, up to today in the current span
    active_days: int  # every day with a check-in, weekends too
    entries: int
    areas: list[SpanArea]
    parts: list[Part]
    ties: Ties
    best_weeks: list[RankedWeek]  # several when they tie
    hardest_weeks: list[RankedWeek]
    ranked_weeks: int  # weeks with RANKED_WEEK_DAYS rated days or more
    longest: Run | None
    commitments: int  # the span's own weeks' commitments, dropped ones left out
    follow_through: Record
    goals_reached: list[ReachedGoal]
    will: list[WillAnswer]
    in_progress: bool = False
    days_left: int = 0
    not_started: bool = False
    weekdays_only: bool = False
    skipped_days: list[DamagedFileError] = field(default_factory=list)

    @property
    def few_data(self) -> bool:
        return self.active_days < FEW_DAYS_IN[self.span.kind]

    @property
    def weekend_days(self) -> int:
        return self.active_days - self.days_checked_in if self.weekdays_only else 0

    @property
    def weeks_level(self) -> bool:
        """Two or more ranked weeks, all with the same mean."""
        return self.ranked_weeks >= 2 and self.best_weeks == self.hardest_weeks

    def area(self, name: AreaName) -> SpanArea:
        return next(a for a in self.areas if a.area == name)

    def to_json(self) -> dict[str, Any]:
        record = self.follow_through
        return {
            self.span.kind: self.span.key,
            "start": self.span.start.isoformat(),
            "end": self.span.end.isoformat(),
            "days_checked_in": self.days_checked_in,
            "days_possible": self.days_possible,
            "entries": self.entries,
            "averages": {a.area: a.average for a in self.areas},
            "previous_averages": {a.area: a.previous for a in self.areas},
            "change": {a.area: a.change for a in self.areas},
            "rated_days": {a.area: a.rated_days for a in self.areas},
            "parts": [
                {"key": p.key, "start": p.start.isoformat(), "end": p.end.isoformat()}
                for p in self.parts
            ],
            f"{'weekly' if self.span.kind == 'month' else 'monthly'}_averages": {
                a.area: a.parts for a in self.areas
            },
            "ties": {
                "strongest": self.ties.strongest if len(self.ties.strongest) > 1 else [],
                "weakest": self.ties.weakest if len(self.ties.weakest) > 1 else [],
                "even": self.ties.even,
            },
            "best_weeks": [w.to_json() for w in self.best_weeks],
            "hardest_weeks": [w.to_json() for w in self.hardest_weeks],
            "ranked_weeks": self.ranked_weeks,
            "streak": {
                "longest": self.longest.days if self.longest else 0,
                "start": self.longest.first.isoformat() if self.longest else None,
                "end": self.longest.last.isoformat() if self.longest else None,
            },
            "commitments": {
                "count": self.commitments,
                "follow_through": {
                    "kept": record.kept,
                    "partly": record.partly,
                    "missed": record.missed,
                    "occasions": record.occasions,
                    "percent": record.percent,
                },
            },
            "goals": {
                "reached": [
                    {"id": g.id, "title": g.title, "closed": g.closed.isoformat()}
                    for g in self.goals_reached
                ]
            },
            "will": [{"week": w.week, "text": w.text} for w in self.will],
            "few_data": self.few_data,
            "in_progress": self.in_progress,
            "days_left": self.days_left,
            "weekdays_only": self.weekdays_only,
            "skipped_days": [str(damaged.path) for damaged in self.skipped_days],
        }


# --------------------------------------------------------------------------- the numbers


def _averages(days: Iterable[DayRatings]) -> dict[AreaName, float | None]:
    """Per area, the mean of every rating on ``days`` (2 places), None when none."""
    counts = dict.fromkeys(AREAS, 0)
    sums = dict.fromkeys(AREAS, 0)
    for day in days:
        for area in AREAS:
            counts[area] += day.counts.get(area, 0)
            sums[area] += day.sums.get(area, 0)
    return {a: round(sums[a] / counts[a], 2) if counts[a] else None for a in AREAS}


def _within(days: Sequence[DayRatings], first: date, last: date) -> list[DayRatings]:
    """The days from ``first`` to ``last`` (``days`` is in date order)."""
    low = bisect.bisect_left(days, first, key=lambda d: d.day)
    high = bisect.bisect_right(days, last, key=lambda d: d.day)
    return list(days[low:high])


def _ranked(days: Sequence[DayRatings], weeks: Sequence[Part], today: date) -> list[RankedWeek]:
    """The weeks with ``RANKED_WEEK_DAYS`` rated days or more; the current one up to today."""
    ranked = []
    for week in weeks:
        if week.start > today:
            break
        week = Part(week.key, week.start, min(week.end, today))
        rated = [d for d in _within(days, week.start, week.end) if d.any_rated]
        if len(rated) < RANKED_WEEK_DAYS:
            continue
        count = sum(sum(d.counts.values()) for d in rated)
        average = round(sum(sum(d.sums.values()) for d in rated) / count, 2)
        ranked.append(RankedWeek(week.key, week.start, week.end, average, len(rated)))
    return ranked


def _counted(day: date, weekdays_only: bool) -> bool:
    return not weekdays_only or is_weekday(day)


def build_span_review(
    span: Span,
    days: Sequence[DayRatings],
    previous: Sequence[DayRatings],
    today: date,
    *,
    commitments: Sequence[Commitment] = (),
    goals: Sequence[Goal] = (),
    reflections: Mapping[str, WeeklyReflection] | None = None,
    skipped_days: Sequence[DamagedFileError] = (),
    weekdays_only: bool = False,
) -> SpanReview:
    """Everything the review of ``span`` shows, as it stands on ``today``."""
    days = _within(sorted(days, key=lambda d: d.day), span.start, span.end)
    averages = _averages(days)
    before = _averages(previous)
    parts = span.parts
    by_part = [_averages(_within(days, p.start, p.end)) for p in parts]
    areas = []
    for area in AREAS:
        areas.append(
            SpanArea(
                area,
                averages[area],
                before[area],
                sum(1 for d in days if d.rated(area)),
                [averages_of_part[area] for averages_of_part in by_part],
            )
        )
    ranked = _ranked(days, span.weeks, today)
    best = hardest = []
    if len(ranked) >= 2:
        top, bottom = max(w.average for w in ranked), min(w.average for w in ranked)
        best = [w for w in ranked if w.average == top]
        hardest = [w for w in ranked if w.average == bottom]
    last_counted = min(today, span.end)
    possible = sum(
        1
        for offset in range((last_counted - span.start).days + 1)
        if _counted(span.start + timedelta(days=offset), weekdays_only)
    )
    run = longest_run((d.day for d in days if d.day <= today), weekdays_only=weekdays_only)
    reached = [
        ReachedGoal(g.id, g.title, g.closed)
        for g in goals
        if g.status == "done" and g.closed is not None and span.start <= g.closed <= span.end
    ]
    total = Record()
    kept = [c for c in commitments if not c.dropped]
    for commitment in kept:
        total = total + record_of(commitment)
    will = [
        WillAnswer(week, reflection.will.strip())
        for week, reflection in sorted((reflections or {}).items())
        if reflection.will.strip()
    ]
    return SpanReview(
        span=span,
        days_checked_in=sum(1 for d in days if _counted(d.day, weekdays_only)),
        days_possible=max(possible, 0),
        active_days=len(days),
        entries=sum(d.entries for d in days),
        areas=areas,
        parts=parts,
        ties=ties_of(averages),
        best_weeks=best,
        hardest_weeks=hardest,
        ranked_weeks=len(ranked),
        longest=None if run is None else Run(*run),
        commitments=len(kept),
        follow_through=total,
        goals_reached=sorted(reached, key=lambda g: (g.closed, g.title)),
        will=will,
        in_progress=span.start <= today <= span.end,
        days_left=(span.end - today).days if span.start <= today <= span.end else 0,
        not_started=today < span.start,
        weekdays_only=weekdays_only,
        skipped_days=list(skipped_days),
    )


def load_span_review(
    store: Store, span: Span, today: date, *, skip_damaged: bool, weekdays_only: bool = False
) -> SpanReview:
    """Read the span, the span before, its weeks' commitments and reflections and the goals,
    then build the review. A damaged day (or week file) stops it unless ``skip_damaged``."""
    from selflead.core.damaged import check_damaged
    from selflead.core.goals import all_goals
    from selflead.core.standing import unwritten
    from selflead.store.index_spans import read_span
    from selflead.store.journal import RangeRead

    read = read_span(store, span.start, span.end)
    before = read_span(store, span.previous.start, span.previous.end)
    weeks = span.own_weeks
    reflections, damaged_weeks = store.read_weeks(weeks)
    damaged = check_damaged(RangeRead(damaged=read.damaged), skip_damaged=skip_damaged)
    damaged += check_damaged(RangeRead(damaged=before.damaged), skip_damaged=skip_damaged)
    damaged += check_damaged(RangeRead(damaged=damaged_weeks), skip_damaged=skip_damaged)
    goals = all_goals(store)
    commitments = []
    for week in weeks:  # each week's own, and a WOOP goal's standing plan not answered yet
        held = store.read_commitments(week)
        commitments += [*held, *unwritten(held, goals, week)]
    return build_span_review(
        span,
        read.days,
        before.days,
        today,
        commitments=commitments,
        goals=goals,
        reflections=reflections,
        skipped_days=damaged,
        weekdays_only=weekdays_only,
    )
