"""Days as the long view counts them: a day's mean per area, and the tags it carries.

A day's mean in an area is the mean of that day's check-ins' ratings there (the areas no
check-in rated that day are left out); a day carries a tag when one of its check-ins does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from selflead.areas import AREAS, AreaName

if TYPE_CHECKING:
    from selflead.store.index_spans import DayRatings


@dataclass(frozen=True)
class Day:
    """One day of the span: its mean per rated area, and its tags (folded)."""

    day: date
    means: dict[AreaName, float]
    tags: frozenset[str] = frozenset()


def days_from_totals(
    rows: Iterable[tuple[date, Sequence[tuple[int, int]], frozenset[str]]],
) -> list[Day]:
    """Days from each day's ``(sum, count)`` of ratings per area (in the order of AREAS) and
    its tags: an area's mean is its sum over its count, for the areas rated that day."""
    return [
        Day(day, {a: s / n for a, (s, n) in zip(AREAS, totals, strict=True) if n}, tags)
        for day, totals, tags in rows
    ]


def days_from_ratings(days: Iterable[DayRatings]) -> list[Day]:
    """Days from the index's (or the day files') per-day sums and counts of ratings."""
    return [
        Day(d.day, {a: d.sums[a] / n for a in AREAS if (n := d.counts.get(a, 0))}, d.tags)
        for d in days
    ]


def days_of(rows: Iterable[tuple[date, Sequence[int | None], Iterable[str]]]) -> list[Day]:
    """Days from check-ins given as ``(day, ratings in the order of AREAS, folded tags)``,
    sorted by day: each area's mean over the check-ins that rated it."""
    sums: dict[date, list[tuple[int, int]]] = {}
    tags: dict[date, set[str]] = {}
    for day, ratings, entry_tags in rows:
        totals = sums.setdefault(day, [(0, 0)] * len(AREAS))
        for n, rating in enumerate(ratings):
            if rating is not None:
                total, count = totals[n]
                totals[n] = (total + rating, count + 1)
        tags.setdefault(day, set()).update(entry_tags)
    return days_from_totals((day, sums[day], frozenset(tags[day])) for day in sorted(sums))
