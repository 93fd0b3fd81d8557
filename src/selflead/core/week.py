"""What a weekly review holds: its areas, moments, last week's focus, and its JSON.

``core.review`` builds a ``WeekReview``; ``core.statements`` words it; ``ui.review`` shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from selflead.areas import AreaName
from selflead.core.focus import FEW_DAYS, Focus, FocusRule
from selflead.core.quotes import Quote
from selflead.core.spans import Ties
from selflead.errors import DamagedFileError
from selflead.models import WeeklyReflection

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
