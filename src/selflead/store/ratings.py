"""The ratings and tags of a span of days, for questions over many days (``insights``).

From the index (``store/index.py``) when it can be used: one range query that adds up each
day's ratings per area, so that ten years cost what their days cost and a span costs what its
own days cost, whatever the journal's size. When the index cannot be used (a full disk, a
folder it cannot be written in), the span's day files are read and added up instead; both
give the same totals.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from selflead.areas import AREAS
from selflead.errors import DamagedFileError, StorageError
from selflead.tokens import fold_tag

if TYPE_CHECKING:
    from selflead.store.journal import Store

# One day: (the day, (sum, count) of its ratings per area in the order of AREAS, its folded
# tags). A count of 0 is an area no check-in of that day rated.
DayTotals = tuple[date, Sequence[tuple[int, int]], frozenset[str]]

_COLUMNS = ", ".join(f"coalesce(sum(e.{a}), 0), count(e.{a})" for a in AREAS)
_QUERY = (
    f"SELECT e.day, {_COLUMNS}, group_concat(e.tags, '') FROM entries e "  # noqa: S608 (our column names)
    "WHERE e.day >= ? AND e.day <= ? GROUP BY e.day ORDER BY e.day"
)


def read_totals(
    store: Store, first: date, last: date
) -> tuple[list[DayTotals], list[DamagedFileError]]:
    """Each day of ``first``..``last`` with a check-in, as ``DayTotals``, by day; and the
    damaged days there."""
    try:
        return _from_index(store, first, last)
    except (StorageError, sqlite3.Error):
        return _from_files(store, first, last)


def _from_index(
    store: Store, first: date, last: date
) -> tuple[list[DayTotals], list[DamagedFileError]]:
    index = store.index
    rows = cast("list[tuple[Any, ...]]", index._rows(_QUERY, (first.isoformat(), last.isoformat())))
    found: list[DayTotals] = []
    for row in rows:
        pairs = [(int(row[1 + 2 * n]), int(row[2 + 2 * n])) for n in range(len(AREAS))]
        found.append((date.fromisoformat(row[0]), pairs, frozenset((row[-1] or "").split())))
    return found, index.damaged(first, last)


def _from_files(
    store: Store, first: date, last: date
) -> tuple[list[DayTotals], list[DamagedFileError]]:
    read = store.read_range(first, last)
    days: dict[date, tuple[list[list[int]], set[str]]] = {}
    for entry in read.entries:
        pairs, tags = days.setdefault(entry.date, ([[0, 0] for _ in AREAS], set()))
        for pair, area in zip(pairs, AREAS, strict=True):
            rating = entry.area(area).rating
            if rating is not None:
                pair[0] += rating
                pair[1] += 1
        tags.update(f for t in entry.tags if (f := fold_tag(t)))
    found: list[DayTotals] = [
        (day, [(s, n) for s, n in pairs], frozenset(tags))
        for day, (pairs, tags) in sorted(days.items())
    ]
    return found, read.damaged
