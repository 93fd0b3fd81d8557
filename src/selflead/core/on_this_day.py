"""``selflead on-this-day``: the check-ins of a week ago, a month ago and this date in earlier
years, and the one line a check-in's closing says about them.

The days looked back at: a week before; the same day of the month before (the month's last
day when it is shorter: 31 March looks back at 28 or 29 February); the same date in each
earlier year (29 February looks at 28 February in a year without one). Each is said with its
real date, so a moved day is never passed off as the same date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from selflead.dates import FIRST_DAY
from selflead.errors import DamagedFileError, SelfleadError
from selflead.store.journal import RangeRead

if TYPE_CHECKING:
    from selflead.models import Entry
    from selflead.store.journal import Store

Ago = Literal["week", "month", "year"]


@dataclass(frozen=True)
class Back:
    """A day looked back at: ``count`` weeks, months or years before."""

    ago: Ago
    count: int
    day: date


def _same_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def days_back(day: date) -> list[Back]:
    """The days ``day`` looks back at, the nearest first (none before selflead's first day)."""
    found = [Back("week", 1, day - timedelta(days=7))]
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    found.append(Back("month", 1, _same_day(year, month, day.day)))
    for years in range(1, day.year - FIRST_DAY.year + 1):
        found.append(Back("year", years, _same_day(day.year - years, day.month, day.day)))
    return [back for back in found if back.day >= FIRST_DAY]


@dataclass(frozen=True)
class Memory:
    back: Back
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class OnThisDay:
    day: date
    memories: tuple[Memory, ...]  # only the days with check-ins, the nearest first
    skipped_days: list[DamagedFileError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "memories": [
                {
                    "ago": m.back.ago,
                    "count": m.back.count,
                    "date": m.back.day.isoformat(),
                    "entries": [e.model_dump(mode="json") for e in m.entries],
                }
                for m in self.memories
            ],
        }


def on_this_day(store: Store, day: date, *, skip_damaged: bool = False) -> OnThisDay:
    """The check-ins of every day ``day`` looks back at (only those with a file are read)."""
    from selflead.core.damaged import check_damaged

    memories: list[Memory] = []
    damaged: list[DamagedFileError] = []
    for back in days_back(day):
        if not store.has_day(back.day):
            continue
        try:
            entries = store.read_day(back.day)
        except DamagedFileError as exc:
            damaged.append(exc)
            continue
        if entries:
            memories.append(Memory(back, tuple(entries)))
    skipped = check_damaged(RangeRead(damaged=damaged), skip_damaged=skip_damaged)
    return OnThisDay(day, tuple(memories), skipped)


@dataclass(frozen=True)
class Glance:
    """What a check-in's closing line says: which days back have a check-in file."""

    day: date
    is_today: bool
    backs: tuple[Back, ...]


def glance(store: Store, day: date, *, today: date) -> Glance | None:
    """The days back from ``day`` that have a check-in file (one stat each, no file read), or
    None when there are none. Never raises: it is said after a save, which nothing may make
    look failed."""
    try:
        backs = tuple(back for back in days_back(day) if store.has_day(back.day))
    except (SelfleadError, OSError, ValueError):
        return None
    return Glance(day, day == today, backs) if backs else None
