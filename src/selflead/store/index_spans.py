"""What the long view reads (month and year reviews, insights, the calendar, the report):
each day's ratings and tags in a span, and the span's entries, from the index.

Two questions to the index whatever the journal's size (both by the day's order, which is
indexed), so that a year's review of a ten-year journal reads no more than a one-year one.
When the index cannot be used (a full disk, a read-only folder), the span's day files are
read instead: the same answer, only slower.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from selflead.areas import AREAS, AreaName
from selflead.errors import DamagedFileError, StorageError
from selflead.models import Entry
from selflead.tokens import fold_tag

if TYPE_CHECKING:
    from selflead.store.index import Index
    from selflead.store.journal import Store


@dataclass(frozen=True)
class DayRatings:
    """One day with a readable check-in file: how many check-ins, per area the number of
    ratings and their sum (an average is ``sum / count``, over as many days as wanted), and
    the tags its check-ins carry (folded)."""

    day: date
    entries: int
    counts: dict[AreaName, int] = field(default_factory=dict)
    sums: dict[AreaName, int] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()

    def rated(self, area: AreaName) -> bool:
        return bool(self.counts.get(area))

    @property
    def any_rated(self) -> bool:
        return any(self.counts.values())


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
    # One row a day, summed by SQLite. By the day's text, which sorts as the date does: the
    # (day, seq) index answers it. The days table says which days were damaged.
    totals = ", ".join(f"count({area}), sum({area})" for area in AREAS)
    rows = index._rows(
        f"SELECT day, count(*), {totals}, group_concat(tags, '') FROM entries "  # noqa: S608 (our column names)
        "WHERE day >= ? AND day <= ? GROUP BY day ORDER BY day",
        (first.isoformat(), last.isoformat()),
    )
    read = SpanRead(damaged=index.damaged(first, last))
    for key, entries, *values, tags in rows:
        numbers = [int(str(v)) if v is not None else 0 for v in values]
        read.days.append(
            DayRatings(
                date.fromisoformat(str(key)),
                int(str(entries)),
                dict(zip(AREAS, numbers[0::2], strict=True)),
                dict(zip(AREAS, numbers[1::2], strict=True)),
                frozenset(str(tags or "").split()),
            )
        )
    return read


def day_ratings(day: date, entries: list[Entry]) -> DayRatings:
    ratings = {
        area: [r for e in entries if (r := e.area(area).rating) is not None] for area in AREAS
    }
    return DayRatings(
        day,
        len(entries),
        {area: len(values) for area, values in ratings.items()},
        {area: sum(values) for area, values in ratings.items()},
        frozenset(f for e in entries for t in e.tags if (f := fold_tag(t))),
    )


def _from_files(store: Store, first: date, last: date) -> SpanRead:
    read = store.read_range(first, last)
    by_day: dict[date, list[Entry]] = {}
    for entry in read.entries:
        by_day.setdefault(entry.date, []).append(entry)
    return SpanRead([day_ratings(day, by_day[day]) for day in sorted(by_day)], list(read.damaged))


def entries_between(store: Store, first: date, last: date) -> list[Entry]:
    """The entries of [first, last], the earliest first: from the index, or from the span's
    day files when the index cannot be used."""
    try:
        return _entries_from_index(store.index, first, last)
    except (StorageError, sqlite3.Error):
        return store.read_range(first, last).entries


def _entries_from_index(index: Index, first: date, last: date) -> list[Entry]:
    index.refresh()
    rows = index.db.execute(
        "SELECT e.doc FROM entries e JOIN days d ON d.day = e.day "
        "WHERE d.ord >= ? AND d.ord <= ? ORDER BY d.ord, e.seq",
        (first.toordinal(), last.toordinal()),
    )
    return [Entry.model_validate(json.loads(doc)) for (doc,) in rows.fetchall()]
