"""Spans of days a review looks at: a month or a year, the one before it, its parts (weeks or
months) and which areas share the highest and the lowest average (shared by every review).

Pure: dates in, dates out. A week review's span is its ISO week (``core.review``); a month or
a year is a calendar one. A span's parts are the ISO weeks that touch a month, each cut to the
days inside it, or the twelve months of a year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from selflead.areas import AreaName
from selflead.dates import FIRST_DAY, LAST_DAY, RANGE_WORDS, in_range, iso_week, week_start
from selflead.errors import InputError

SpanKind = Literal["month", "year"]
_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
_YEAR_RE = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Ties:
    """The areas sharing the highest and the lowest average (two or more rated areas)."""

    strongest: list[AreaName] = field(default_factory=list)
    weakest: list[AreaName] = field(default_factory=list)
    even: bool = False  # every rated area has the same average


def ties_of(averages: Mapping[AreaName, float | None]) -> Ties:
    """Which areas share the top and the bottom average; empty with fewer than two rated."""
    rated = {area: value for area, value in averages.items() if value is not None}
    if len(rated) < 2:
        return Ties()
    top, bottom = max(rated.values()), min(rated.values())
    return Ties(
        strongest=[a for a, v in rated.items() if v == top],
        weakest=[a for a, v in rated.items() if v == bottom],
        even=top == bottom,
    )


@dataclass(frozen=True)
class Part:
    """One part of a span: an ISO week cut to the span's days, or a month of a year."""

    key: str  # ``2026-W47`` or ``2026-11``
    start: date
    end: date

    @property
    def label(self) -> str:
        """``W47`` or ``Nov``: how a sparkline's axis names it."""
        return self.key[5:] if "W" in self.key else f"{self.start:%b}"


@dataclass(frozen=True)
class Span:
    kind: SpanKind
    start: date
    end: date

    @property
    def key(self) -> str:
        """``2026-11`` or ``2026``."""
        return f"{self.start:%Y-%m}" if self.kind == "month" else f"{self.start:%Y}"

    @property
    def title(self) -> str:
        """``November 2026`` or ``2026``."""
        return f"{self.start:%B %Y}" if self.kind == "month" else f"{self.start:%Y}"

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Span:
        return span_of(self.kind, self.start - timedelta(days=1))

    @property
    def parts(self) -> list[Part]:
        """A month's ISO weeks (cut to the month), or a year's months."""
        if self.kind == "year":
            return [span_of("month", date(self.start.year, m, 1)).as_part() for m in range(1, 13)]
        found = []
        monday = week_start(self.start)
        while monday <= self.end:
            first, last = max(monday, self.start), min(monday + timedelta(days=6), self.end)
            found.append(Part(iso_week(monday), first, last))
            monday += timedelta(days=7)
        return found

    @property
    def weeks(self) -> list[Part]:
        """The ISO weeks that touch the span, each cut to the span's days."""
        if self.kind == "month":
            return self.parts
        found: list[Part] = []
        for month in self.parts:
            for week in span_of("month", month.start).parts:
                if not found or found[-1].key != week.key:
                    found.append(week)
                else:  # a week across two months of the year: one week, both halves
                    found[-1] = Part(week.key, found[-1].start, week.end)
        return found

    @property
    def own_weeks(self) -> list[str]:
        """The ISO weeks whose Thursday falls in the span: each week belongs to one month and
        one year, as an ISO week belongs to the year of its Thursday."""
        found = []
        monday = week_start(self.start)
        while monday <= self.end:
            if self.start <= monday + timedelta(days=3) <= self.end:
                found.append(iso_week(monday))
            monday += timedelta(days=7)
        return found

    def as_part(self) -> Part:
        return Part(self.key, self.start, self.end)


def span_of(kind: SpanKind, day: date) -> Span:
    """The month or the year that ``day`` falls in."""
    if kind == "year":
        return Span("year", date(day.year, 1, 1), date(day.year, 12, 31))
    last = calendar.monthrange(day.year, day.month)[1]
    return Span("month", day.replace(day=1), day.replace(day=last))


def parse_span(kind: SpanKind, text: str) -> Span:
    """``2026-11`` for a month, ``2026`` for a year."""
    text = text.strip()
    if kind == "month":
        match = _MONTH_RE.fullmatch(text)
        if match is None or not 1 <= int(match[2]) <= 12:
            raise InputError(f"not a month: {text!r}", "write it as YYYY-MM, e.g. 2026-11")
        first = date(int(match[1]), int(match[2]), 1)
    else:
        if _YEAR_RE.fullmatch(text) is None:
            raise InputError(f"not a year: {text!r}", "write it as YYYY, e.g. 2026")
        first = date(int(text), 1, 1)
    if not in_range(first):
        raise InputError(
            f"{text} is outside the days selflead supports ({RANGE_WORDS})",
            f"choose a {kind} from {FIRST_DAY:%Y-%m} to {LAST_DAY:%Y-%m}"
            if kind == "month"
            else f"choose a year from {FIRST_DAY.year} to {LAST_DAY.year}",
        )
    return span_of(kind, first)


def resolve_span(kind: SpanKind, text: str | None, last: bool, today: date) -> Span:
    """The month or year to review: the one named, the one before today's (``--last``) or
    today's."""
    if text is not None and last:
        raise InputError(
            f"a {kind} and --last cannot be combined", f"name the {kind} or use --last"
        )
    if text is not None:
        return parse_span(kind, text)
    current = span_of(kind, today)
    return current.previous if last else current
