"""What the month and year reviews read: each day's ratings in a span, from the index.

Two questions to the index whatever the journal's size (both by the day's order, which is
indexed), so that a year's review of a ten-year journal reads no more than a one-year one.
When the index cannot be used (a full disk, a read-only folder), the span's day files are
read instead: the same answer, only slower.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from selflead.areas import AREAS, AreaName
from selflead.errors import DamagedFileError, StorageError

if TYPE_CHECKING:
    from selflead.models import Entry
    from selflead.store.journal import Store


@dataclass(frozen=True)
class DayRatings:
    """One day with a readable check-in file: how many check-ins, and every rating per area."""

    day: date
    entries: int
    ratings: dict[AreaName, list[int]] = field(default_factory=dict)


@dataclass
class SpanRead:
    days: list[DayRatings] = field(default_factory=list)  # by date; days with check-ins only
    damaged: list[DamagedFileError] = field(default_factory=list)


def read_span(store: Store, first: date, last: date) -> SpanRead:
    """The days from ``first`` to ``last`` that have check-ins, with their ratings, and the
    damaged day files among them."""
    try:
        return _from_index(store, first, last)
    except (StorageError, sqlite3.Error):
        return _from_files(store, first, last)


def _from_index(store: Store, first: date, last: date) -> SpanRead:
    index = store.index
    low, high = first.toordinal(), last.toordinal()
    counted = index._rows(
        "SELECT day, entries FROM days WHERE ord >= ? AND ord <= ? AND problem IS NULL "
        "AND entries > 0 ORDER BY ord",
        (low, high),
    )
    columns = ", ".join(f"e.{area}" for area in AREAS)
    rated = index._rows(
        f"SELECT e.day, {columns} FROM entries e JOIN days d ON d.day = e.day "  # noqa: S608 (our column names)
        "WHERE d.ord >= ? AND d.ord <= ? ORDER BY d.ord, e.seq",
        (low, high),
    )
    ratings: dict[str, dict[AreaName, list[int]]] = {}
    for key, *values in rated:
        day = ratings.setdefault(str(key), {area: [] for area in AREAS})
        for area, value in zip(AREAS, values, strict=True):
            if value is not None:
                day[area].append(int(str(value)))
    read = SpanRead(damaged=index.damaged(first, last))
    for key, entries in counted:
        read.days.append(
            DayRatings(
                date.fromisoformat(str(key)),
                int(str(entries)),
                ratings.get(str(key), {area: [] for area in AREAS}),
            )
        )
    return read


def day_ratings(day: date, entries: list[Entry]) -> DayRatings:
    return DayRatings(
        day,
        len(entries),
        {area: [r for e in entries if (r := e.area(area).rating) is not None] for area in AREAS},
    )


def _from_files(store: Store, first: date, last: date) -> SpanRead:
    read = store.read_range(first, last)
    by_day: dict[date, list[Entry]] = {}
    for entry in read.entries:
        by_day.setdefault(entry.date, []).append(entry)
    return SpanRead([day_ratings(day, by_day[day]) for day in sorted(by_day)], list(read.damaged))
