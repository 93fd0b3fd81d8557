"""Numbers from entries: averages per area. Pure functions, shared by review and export."""

from __future__ import annotations

from collections.abc import Iterable

from selflead.areas import AREAS, AreaName
from selflead.models import Entry


def mean(values: Iterable[int | float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 2) if items else None


def area_averages(entries: Iterable[Entry]) -> dict[AreaName, float | None]:
    """Per area, the mean of every rating given in ``entries`` (2 places), None when none."""
    ratings: dict[AreaName, list[int]] = {area: [] for area in AREAS}
    for entry in entries:
        for area, found in ratings.items():
            rating = getattr(entry, area).rating  # Entry.area, without a call per rating
            if rating is not None:
                found.append(rating)
    return {area: mean(values) for area, values in ratings.items()}
