"""Numbers from entries: averages per area. Pure functions, shared by review and export."""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import Final

from selflead.areas import AREAS, AreaName
from selflead.models import Entry


def mean(values: Iterable[int | float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 2) if items else None


# Each area's rating of an entry, looked up in C (an export averages ~15,000 weeks' worth).
_RATING: Final = {area: attrgetter(f"{area}.rating") for area in AREAS}


def area_averages(entries: Iterable[Entry]) -> dict[AreaName, float | None]:
    """Per area, the mean of every rating given in ``entries`` (2 places), None when none."""
    held = entries if isinstance(entries, list | tuple) else list(entries)
    return {
        area: mean([r for r in map(rating, held) if r is not None])
        for area, rating in _RATING.items()
    }
