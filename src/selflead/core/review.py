"""The weekly review: what a week of check-ins says, and what to focus on next week.

Pure: ``build_review`` takes entries and dates and returns a ``WeekReview``; the store reads,
``ui.review`` prints. Weeks are ISO weeks, Monday to Sunday.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from selflead.areas import AREAS, AreaName
from selflead.core.focus import FEW_DAYS, Focus, FocusRule, choose_focus
from selflead.core.quotes import Quote, for_index
from selflead.core.stats import area_averages, mean
from selflead.core.streaks import streaks
from selflead.dates import iso_week
from selflead.errors import DamagedFileError
from selflead.models import Entry, WeeklyReflection

if TYPE_CHECKING:
    from selflead.store.journal import Store

# A best moment is rated at least this, a hardest one at most HARDEST.
BEST: Final = 4
HARDEST: Final = 2


@dataclass(frozen=True)
class AreaSummary:
    area: AreaName
    average: float | None
    previous: float | None
    daily: list[float | None]  # Monday..Sunday: the mean of that day's ratings
    rated_days: int  # days with a check-in that rated this area
    skipped: int  # days with a check-in on which no check-in touched this area

    @property
    def change(self) -> float | None:
        if self.average is None or self.previous is None:
            return None
        return round(self.average - self.previous, 2)

    @property
    def fall(self) -> float:
        """How much the average fell from the week before (negative: it rose; 0: unknown)."""
        return -self.change if self.change is not None else 0.0


@dataclass(frozen=True)
class Moment:
    """One rated area of one entry: the week's best or hardest moment."""

    day: date
    time: str | None  # None for a backfilled entry: it has no time of day
    area: AreaName
    rating: int
    reflection: str


@dataclass(frozen=True)
class Ties:
    """The areas sharing the highest and the lowest average (two or more rated areas)."""

    strongest: list[AreaName] = field(default_factory=list)
    weakest: list[AreaName] = field(default_factory=list)
    even: bool = False  # every rated area has the same average


@dataclass(frozen=True)
class PreviousFocus:
    """The week before's focus, and how that area moved this week."""

    area: AreaName
    rule: FocusRule
    before: float | None  # its average the week it was chosen
    now: float | None  # its average this week
    rated_days: int  # days of this week that rated it
    days: int  # days of this week with a check-in


@dataclass
class WeekReview:
    week: str
    start: date
    end: date
    entries_per_day: list[int]  # Monday..Sunday
    entries: int
    areas: list[AreaSummary]
    streak: int
    longest_streak: int
    strongest: AreaName | None  # the one area with the highest average, when it is alone
    weakest: AreaName | None  # the one area with the lowest average, when it is alone
    highest: Moment | None
    lowest: Moment | None
    focus: Focus
    quote: Quote | None
    in_progress: bool = False  # today falls inside this week
    reflection: WeeklyReflection | None = None
    skipped_days: list[DamagedFileError] = field(default_factory=list)  # left out, each warned
    ties: Ties = field(default_factory=Ties)
    previous_focus: PreviousFocus | None = None
    weekdays_only: bool = False
    days_left: int = 0  # in the current week, the days after today
    not_started: bool = False  # the week begins after today
    distinct_ratings: int = 0

    @property
    def active_days(self) -> int:
        """Days of the week with a check-in (weekend days too)."""
        return sum(1 for count in self.entries_per_day if count)

    @property
    def days_checked_in(self) -> int:
        """Days with a check-in among the days counted (Monday to Friday, weekdays only)."""
        counted = self.entries_per_day[:5] if self.weekdays_only else self.entries_per_day
        return sum(1 for count in counted if count)

    @property
    def days_possible(self) -> int:
        return 5 if self.weekdays_only else 7

    @property
    def weekend_days(self) -> int:
        return sum(1 for count in self.entries_per_day[5:] if count)

    @property
    def few_data(self) -> bool:
        return self.active_days < FEW_DAYS

    @property
    def offers_last_week(self) -> bool:
        """Nothing yet this week, on its Monday or Tuesday: point to last week's review."""
        return self.in_progress and not self.entries and self.days_left >= 5

    @property
    def days_left_span(self) -> str:
        """``Thursday to Sunday`` (the days left in the current week), or ``Sunday``."""
        first = self.end - timedelta(days=self.days_left - 1)
        return f"{first:%A}" if first == self.end else f"{first:%A} to {self.end:%A}"

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(7)]

    def area(self, name: AreaName) -> AreaSummary:
        return next(a for a in self.areas if a.area == name)

    def to_json(self) -> dict[str, Any]:
        def moment(m: Moment | None) -> dict[str, Any] | None:
            if m is None:
                return None
            return {
                "date": m.day.isoformat(),
                "time": m.time,
                "area": m.area,
                "rating": m.rating,
                "reflection": m.reflection,
            }

        previous = self.previous_focus
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days_checked_in": self.days_checked_in,
            "entries": self.entries,
            "days": [
                {"date": d.isoformat(), "entries": n}
                for d, n in zip(self.days, self.entries_per_day, strict=True)
            ],
            "averages": {a.area: a.average for a in self.areas},
            "previous_averages": {a.area: a.previous for a in self.areas},
            "change": {a.area: a.change for a in self.areas},
            "daily_averages": {a.area: a.daily for a in self.areas},
            "skipped": {a.area: a.skipped for a in self.areas},
            "streak": {"current": self.streak, "longest": self.longest_streak},
            "strongest": self.strongest,
            "weakest": self.weakest,
            "highest": moment(self.highest),
            "lowest": moment(self.lowest),
            "focus": {
                "area": self.focus.area,
                "reason": self.focus.reason,
                "question": self.focus.question,
                "rule": self.focus.rule,
                "tied_with": list(self.focus.tied_with),
                "tie_break": self.focus.tie_break,
            },
            "quote": (
                None
                if self.quote is None
                else {"text": self.quote.text, "author": self.quote.author}
                | ({"source": self.quote.source} if self.quote.source else {})
            ),
            "reflection": (
                None
                if self.reflection is None
                else self.reflection.model_dump(mode="json", exclude={"created", "updated"})
            ),
            "skipped_days": [str(damaged.path) for damaged in self.skipped_days],
            "ties": {
                "strongest": self.ties.strongest if len(self.ties.strongest) > 1 else [],
                "weakest": self.ties.weakest if len(self.ties.weakest) > 1 else [],
                "even": self.ties.even,
            },
            "rated_days": {a.area: a.rated_days for a in self.areas},
            "few_data": self.few_data,
            "previous_focus": (
                None
                if previous is None
                else {
                    "area": previous.area,
                    "rule": previous.rule,
                    "before": previous.before,
                    "now": previous.now,
                    "rated_days": previous.rated_days,
                    "days": previous.days,
                }
            ),
            "weekdays_only": self.weekdays_only,
            "days_left": self.days_left,
        }


# --------------------------------------------------------------------------- the review


def area_summaries(
    week: Sequence[Entry], previous: Sequence[Entry], start: date
) -> list[AreaSummary]:
    averages = area_averages(week)
    before = area_averages(previous)
    by_day: dict[date, list[Entry]] = {}
    for entry in week:
        by_day.setdefault(entry.date, []).append(entry)
    summaries = []
    for area in AREAS:
        daily: list[float | None] = []
        for offset in range(7):
            day = start + timedelta(days=offset)
            daily.append(
                mean(r for e in by_day.get(day, ()) if (r := e.area(area).rating) is not None)
            )
        summaries.append(
            AreaSummary(
                area=area,
                average=averages[area],
                previous=before[area],
                daily=daily,
                rated_days=sum(
                    1
                    for entries in by_day.values()
                    if any(e.area(area).rating is not None for e in entries)
                ),
                skipped=sum(
                    1 for entries in by_day.values() if all(e.area(area).is_empty for e in entries)
                ),
            )
        )
    return summaries


def _moments(entries: Sequence[Entry]) -> tuple[Moment | None, Moment | None]:
    """The best (4 or 5) and hardest (1 or 2) moments, when the week has two ratings or more
    that differ: a lone rating, or a week of equal ones, has neither."""
    moments = [
        Moment(
            e.date, None if e.backfilled else f"{e.created:%H:%M}", a, rating, e.area(a).reflection
        )
        for e in entries
        for a in AREAS
        if (rating := e.area(a).rating) is not None
    ]
    if len({m.rating for m in moments}) < 2:
        return None, None
    # Prefer moments with a reflection; among equal ones, the earliest in the week.
    highest = max(moments, key=lambda m: (m.rating, bool(m.reflection.strip())))
    lowest = min(moments, key=lambda m: (m.rating, not m.reflection.strip()))
    return (
        highest if highest.rating >= BEST else None,
        lowest if lowest.rating <= HARDEST else None,
    )


def _ties(areas: Sequence[AreaSummary]) -> Ties:
    rated = [a for a in areas if a.average is not None]
    if len(rated) < 2:
        return Ties()
    top = max(a.average for a in rated if a.average is not None)
    bottom = min(a.average for a in rated if a.average is not None)
    return Ties(
        strongest=[a.area for a in rated if a.average == top],
        weakest=[a.area for a in rated if a.average == bottom],
        even=top == bottom,
    )


def resolve_week(week: str | None, last: bool, today: date) -> date:
    """The Monday of the week to review: ``--week``, ``--last`` or the current week."""
    from selflead.dates import parse_week, week_start
    from selflead.errors import InputError

    if week is not None and last:
        raise InputError("--week and --last cannot be combined", "use one of them")
    if week is not None:
        return parse_week(week)
    start = week_start(today)
    return start - timedelta(days=7) if last else start


def _days_left(start: date, today: date) -> int:
    end = start + timedelta(days=6)
    return (end - today).days if start <= today <= end else 0


def _previous_focus(
    start: date,
    week: Sequence[Entry],
    areas: Sequence[AreaSummary],
    previous: Sequence[Entry],
    before_previous: Sequence[Entry],
) -> PreviousFocus | None:
    """The focus the week before's review gave (it had check-ins), and how it moved since."""
    if not previous:
        return None
    monday = start - timedelta(days=7)
    summaries = area_summaries(previous, before_previous, monday)
    focus = choose_focus(
        summaries,
        entries=len(previous),
        active_days=len({e.date for e in previous}),
        week_number=monday.isocalendar().week,
    )
    if focus.area is None:
        return None
    now = next(a for a in areas if a.area == focus.area)
    return PreviousFocus(
        area=focus.area,
        rule=focus.rule,
        before=now.previous,
        now=now.average,
        rated_days=now.rated_days,
        days=len({e.date for e in week}),
    )


def build_review(
    start: date,
    week_entries: Sequence[Entry],
    previous_entries: Sequence[Entry],
    days_with_entries: Iterable[date],
    today: date,
    quotes: Sequence[Quote],
    reflection: WeeklyReflection | None = None,
    skipped_days: Sequence[DamagedFileError] = (),
    *,
    before_previous: Sequence[Entry] = (),
    weekdays_only: bool = False,
    streak: tuple[int, int] | None = None,
) -> WeekReview:
    """Everything the review shows for the ISO week that starts on ``start`` (a Monday).

    ``previous_entries`` are the week before's (for the change and last week's focus),
    ``before_previous`` the week before that (so that last week's focus is the one its own
    review gave). With ``weekdays_only``, streaks and days checked in count Monday to Friday.
    """
    end = start + timedelta(days=6)
    entries = sorted(week_entries, key=lambda e: (e.date, e.created))
    per_day = [sum(1 for e in entries if e.date == start + timedelta(days=i)) for i in range(7)]
    areas = area_summaries(entries, previous_entries, start)
    ties = _ties(areas)
    alone = not ties.even
    strongest = ties.strongest[0] if alone and len(ties.strongest) == 1 else None
    weakest = ties.weakest[0] if alone and len(ties.weakest) == 1 else None
    highest, lowest = _moments(entries)
    in_progress = start <= today <= end
    focus = choose_focus(
        areas,
        entries=len(entries),
        active_days=sum(1 for n in per_day if n),
        week_number=start.isocalendar().week,
        in_progress=in_progress,
    )
    # (current, longest) as the index counts them, or counted here from the days.
    current, longest = streak or streaks(
        days_with_entries, min(today, end), weekdays_only=weekdays_only
    )
    quote = None
    if quotes:
        area = focus.area or "leadership"
        pool = [q for q in quotes if area in q.areas] or list(quotes)
        quote = for_index(pool, start.toordinal() // 7)
    return WeekReview(
        week=iso_week(start),
        start=start,
        end=end,
        entries_per_day=per_day,
        entries=len(entries),
        areas=areas,
        streak=current,
        longest_streak=longest,
        strongest=strongest,
        weakest=weakest,
        highest=highest,
        lowest=lowest,
        focus=focus,
        quote=quote,
        in_progress=in_progress,
        reflection=reflection,
        skipped_days=list(skipped_days),
        ties=ties,
        previous_focus=_previous_focus(start, entries, areas, previous_entries, before_previous),
        weekdays_only=weekdays_only,
        days_left=_days_left(start, today),
        not_started=today < start,
        distinct_ratings=len(
            {r for e in entries for a in AREAS if (r := e.area(a).rating) is not None}
        ),
    )


def load_review(
    store: Store,
    start: date,
    today: date,
    quotes: Sequence[Quote],
    *,
    skip_damaged: bool,
    weekdays_only: bool = False,
) -> WeekReview:
    """Read the week and the two before it and the streak days from the store, then build
    the review.

    Reads at most 21 day files; the streaks come from the index, whatever the journal's size
    (with ``weekdays_only`` they are counted from the day names). A damaged day stops the
    review unless ``skip_damaged``.
    """
    from selflead.core.browse import check_damaged

    end = start + timedelta(days=6)
    week = store.read_range(start, end)
    previous = store.read_range(start - timedelta(days=7), start - timedelta(days=1))
    before = store.read_range(start - timedelta(days=14), start - timedelta(days=8))
    damaged = check_damaged(week, skip_damaged=skip_damaged)
    damaged += check_damaged(previous, skip_damaged=skip_damaged)
    damaged += check_damaged(before, skip_damaged=skip_damaged)
    return build_review(
        start,
        week.entries,
        previous.entries,
        store.days(None, end) if weekdays_only else (),
        today,
        quotes,
        reflection=store.read_week(iso_week(start)),
        skipped_days=damaged,
        before_previous=before.entries,
        weekdays_only=weekdays_only,
        streak=None if weekdays_only else store.streaks(min(today, end)),
    )
