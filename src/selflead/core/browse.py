"""Reading days and spans of the journal back: ``show`` and ``list``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from selflead.core.damaged import check_damaged
from selflead.core.ids import short_ids
from selflead.errors import DamagedFileError, InputError
from selflead.models import Entry
from selflead.store.journal import Store

DEFAULT_LIST_DAYS = 30


@dataclass(frozen=True)
class Span:
    """The days a listing covers (``None``: open-ended on that side), and whether it is the
    default span chosen because no range was given."""

    first: date | None
    last: date | None
    default: bool = False


def list_range(first: date | None, last: date | None, *, everything: bool, today: date) -> Span:
    """The span ``list`` covers: everything, what was asked, or the last 30 days."""
    if everything:
        if first or last:
            raise InputError("--all cannot be combined with --from or --to", "use one or the other")
        return Span(None, None)
    if first is None and last is None:
        return Span(today - timedelta(days=DEFAULT_LIST_DAYS - 1), today, default=True)
    return Span(first, last)


@dataclass(frozen=True)
class DayShown:
    """``show``: a day's check-ins, oldest first, with their short ids; ``is_today`` says
    whether an empty day can be written with plain ``selflead checkin``."""

    day: date
    entries: list[Entry]
    is_today: bool
    shorts: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> list[dict[str, Any]]:
        return [e.model_dump(mode="json") for e in self.entries]


@dataclass(frozen=True)
class Listing:
    """``list``: the entries of a span, oldest first, with their short ids, and the damaged
    days left out (only when told to skip them)."""

    span: Span
    entries: list[Entry]
    skipped: list[DamagedFileError]
    shorts: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> list[dict[str, Any]]:
        return [e.model_dump(mode="json") for e in self.entries]


def show(store: Store, day: date, *, today: date, shorts: bool = True) -> DayShown:
    """The check-ins of ``day``; ``shorts`` False leaves out the short ids (JSON has the ids)."""
    found = store.read_day(day)
    return DayShown(day, found, day == today, short_ids(store, found) if shorts else {})


def listing(store: Store, span: Span, *, skip_damaged: bool, shorts: bool = True) -> Listing:
    """The entries of ``span``; a damaged day stops it unless ``skip_damaged``."""
    read = store.read_range(span.first, span.last)
    skipped = check_damaged(read, skip_damaged=skip_damaged)
    entries = read.entries
    return Listing(span, entries, skipped, short_ids(store, entries) if shorts else {})
