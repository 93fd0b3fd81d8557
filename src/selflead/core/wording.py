"""How the reviews write numbers, counts and area names: two decimals, signed changes, plural
words and named ties. Shared by every review sentence (``core.statements``,
``core.span_statements``) and the Markdown export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from selflead.areas import AREA_LABELS, AreaName

if TYPE_CHECKING:
    from selflead.core.week import AreaSummary


def number(value: float | None) -> str:
    return "not rated" if value is None else f"{value:.2f}"


def signed(value: float) -> str:
    return f"{value:+.2f}"


def count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def label(area: AreaName) -> str:
    return AREA_LABELS[area]


def names(areas: Sequence[AreaName]) -> str:
    """``Emotions``, ``Emotions and Goals``, ``Communication, Emotions and Goals``."""
    labels = [label(a) for a in areas]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def named_value(areas: Sequence[AreaName], value: float | None) -> str:
    """``Goals (4.20)`` or, for a tie, ``Emotions and Goals, both 3.00``."""
    if len(areas) == 1:
        return f"{label(areas[0])} ({number(value)})"
    return f"{names(areas)}, {'both' if len(areas) == 2 else 'all'} {number(value)}"


def averaged(summary: AreaSummary) -> str:
    """``Goals 3.20 (-0.40)``: the average and its change, as the review's table shows them
    (``new`` when the week before had no rating, ``–`` when this week has none)."""
    if summary.average is None:
        return f"{label(summary.area)} –"
    change = summary.change
    said = "new" if change is None else "= 0.00" if change == 0 else signed(change)
    return f"{label(summary.area)} {number(summary.average)} ({said})"


def days_phrase(days: int) -> str:
    """``On the one day you checked in``, ``On the 2 days you checked in``."""
    return "On the one day you checked in" if days == 1 else f"On the {days} days you checked in"


def day_range(first: date, last: date) -> str:
    """``16–22 Nov``, ``30 Nov – 6 Dec``, ``1 Dec``: a few days, without weekdays or year."""
    if first == last:
        return f"{first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b} – {last.day} {last:%b}"
