"""Questions over a span of days that the long view asks of the index: each day's ratings
summed by area, and the entries of a span in order.

The index (``store/index.py``) keeps the ratings of every entry in columns, so a year of
ratings is one grouped query, whatever the size of the journal: the calendar and the report
cost the same in a journal of one year and of ten.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from selflead.areas import AREAS, AreaName
from selflead.models import Entry

if TYPE_CHECKING:
    from selflead.store.index import Index


@dataclass(frozen=True)
class DayRatings:
    """One day's ratings, by area: their sum and how many there are (0 when none)."""

    day: date
    entries: int
    sums: dict[AreaName, int]
    counts: dict[AreaName, int]


def day_ratings(index: Index, first: date, last: date) -> list[DayRatings]:
    """Every day in [first, last] with a readable day file, by day: its ratings summed by area."""
    columns = ", ".join(f"sum(e.{a}), count(e.{a})" for a in AREAS)
    sql = (
        f"SELECT d.day, d.entries, {columns} FROM days d LEFT JOIN entries e ON e.day = d.day "  # noqa: S608 (our column names)
        "WHERE d.ord >= ? AND d.ord <= ? AND d.problem IS NULL GROUP BY d.day ORDER BY d.ord"
    )
    index.refresh()
    found = []
    for row in index.db.execute(sql, (first.toordinal(), last.toordinal())):
        values = [int(v or 0) for v in row[2:]]
        found.append(
            DayRatings(
                date.fromisoformat(row[0]),
                int(row[1]),
                {a: values[2 * n] for n, a in enumerate(AREAS)},
                {a: values[2 * n + 1] for n, a in enumerate(AREAS)},
            )
        )
    return found


def entries_between(index: Index, first: date, last: date) -> Iterator[Entry]:
    """The entries of [first, last] as the index holds them, the earliest first."""
    index.refresh()
    rows = index.db.execute(
        "SELECT e.doc FROM entries e JOIN days d ON d.day = e.day "
        "WHERE d.ord >= ? AND d.ord <= ? ORDER BY d.ord, e.seq",
        (first.toordinal(), last.toordinal()),
    )
    for (doc,) in rows.fetchall():
        yield Entry.model_validate(json.loads(doc))
