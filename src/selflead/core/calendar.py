"""The year in pixels: each day's mean rating on a fixed five-step scale.

``day_means`` gives the mean of every rated day in a span, for each area and for all areas
together, from the index (one query, whatever the journal's size); ``year_in_pixels`` is the
calendar of one year. The report draws the same grid from ``day_means``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from selflead.areas import AREAS, AreaName
from selflead.core.checkin import resolve_area
from selflead.dates import FIRST_DAY, LAST_DAY, RANGE_WORDS
from selflead.errors import DamagedFileError, InputError
from selflead.store.index_spans import DayRatings, read_span
from selflead.store.journal import Store

LEVELS: Final = (1, 2, 3, 4, 5)
ALL: Final = "all"  # the grid of the mean of every area


def level(mean: float) -> int:
    """A mean rating as one of the five steps: rounded half up (3.5 is 4), within 1-5."""
    return max(1, min(5, math.floor(mean + 0.5)))


@dataclass(frozen=True)
class Grid:
    """One grid: the mean rating of each rated day (a day without one is not in ``means``)."""

    area: AreaName | None  # None: the mean of all areas
    means: dict[date, float]

    def level(self, day: date) -> int | None:
        mean = self.means.get(day)
        return None if mean is None else level(mean)

    @property
    def rated(self) -> int:
        return len(self.means)


@dataclass(frozen=True)
class DayMeans:
    """The span's days with a check-in, and each grid's means (all areas, then each area)."""

    first: date
    last: date
    checked_in: frozenset[date]
    overall: Grid
    by_area: dict[AreaName, Grid]
    damaged: list[DamagedFileError]
    rows: list[DayRatings]  # each day's ratings summed, as the index gives them

    def grid(self, area: AreaName | None) -> Grid:
        return self.overall if area is None else self.by_area[area]


def day_means(store: Store, first: date, last: date) -> DayMeans:
    """The mean of each day's ratings in [first, last], by area and over all areas."""
    read = read_span(store, first, last)
    rows = read.days
    overall: dict[date, float] = {}
    by_area: dict[AreaName, dict[date, float]] = {a: {} for a in AREAS}
    for row in rows:
        total = sum(row.counts.values())
        if total:
            overall[row.day] = sum(row.sums.values()) / total
        for area in AREAS:
            if row.counts[area]:
                by_area[area][row.day] = row.sums[area] / row.counts[area]
    return DayMeans(
        first,
        last,
        frozenset(row.day for row in rows if row.entries),
        Grid(None, overall),
        {a: Grid(a, by_area[a]) for a in AREAS},
        read.damaged,
        rows,
    )


@dataclass(frozen=True)
class YearInPixels:
    """``selflead calendar``: one year's grids, and what the screen says about them."""

    year: int
    today: date
    area: AreaName | None  # the one asked for with --area
    means: DayMeans

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        return date(self.year, 12, 31)

    @property
    def so_far(self) -> bool:
        """The year is the current one: the days after today are not drawn."""
        return self.year == self.today.year

    @property
    def days_so_far(self) -> int:
        end = min(self.last, self.today)
        return (end - self.first).days + 1

    def shows(self, day: date) -> bool:
        """Whether ``day`` gets a cell: a day of the year, not after today."""
        return self.first <= day <= self.last and day <= self.today

    @property
    def grids(self) -> list[Grid]:
        """The grid asked for, then (without --area) the four areas' grids."""
        if self.area is not None:
            return [self.means.grid(self.area)]
        return [self.means.overall, *(self.means.by_area[a] for a in AREAS)]

    def to_json(self) -> dict[str, Any]:
        def days(grid: Grid) -> dict[str, float]:
            return {d.isoformat(): round(m, 2) for d, m in sorted(grid.means.items())}

        return {
            "year": self.year,
            "area": self.area,
            "so_far": self.so_far,
            "days_checked_in": len(self.means.checked_in),
            "today": self.today.isoformat(),
            "mean": days(self.means.overall) if self.area is None else None,
            "areas": {a: days(self.means.by_area[a]) for a in AREAS if self.area in (None, a)},
            "damaged": [d.isoformat() for d in _damaged_days(self.means)],
        }


def _damaged_days(means: DayMeans) -> list[date]:
    return [date.fromisoformat(e.path.stem) for e in means.damaged if _is_day(e.path.stem)]


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def resolve_year(year: int | None, today: date) -> int:
    """``--year`` (default: this year); a year after this one, or outside the supported
    days, is refused."""
    if year is None:
        return today.year
    if year > today.year:
        raise InputError(f"--year {year} has not started yet", f"use {today.year} or earlier")
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise InputError(
            f"--year {year} is outside the days selflead supports ({RANGE_WORDS})",
            f"give a year from {FIRST_DAY.year} to {LAST_DAY.year}",
        )
    return year


def year_in_pixels(store: Store, year: int | None, area: str | None, today: date) -> YearInPixels:
    """The calendar of ``year`` (default: this one), for one area (any spelling) or for all."""
    chosen = resolve_year(year, today)
    asked = None if area is None else resolve_area(area)
    first = date(chosen, 1, 1)
    last = min(date(chosen, 12, 31), today)
    return YearInPixels(chosen, today, asked, day_means(store, first, last))


def month_days(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day
