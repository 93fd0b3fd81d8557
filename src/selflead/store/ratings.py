"""The ratings and tags of a span of days, for questions over many days (``insights``).

From the index (``store/index.py``) when it can be used: one range query over the entries'
rating columns, so that ten years cost what their rows cost and a span costs what its own days
cost, whatever the journal's size. When the index cannot be used (a full disk, a folder it
cannot be written in), the span's day files are read instead; both give the same rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, cast

from selflead.areas import AREAS
from selflead.errors import DamagedFileError, StorageError
from selflead.tokens import fold_tag

if TYPE_CHECKING:
    from selflead.store.journal import Store

# (day, its ratings in the order of AREAS, its folded tags): one check-in.
Rated = tuple[date, Sequence[int | None], Sequence[str]]

_Row = tuple[str, int | None, int | None, int | None, int | None, str]
_QUERY = (
    f"SELECT e.day, {', '.join('e.' + a for a in AREAS)}, e.tags FROM entries e "  # noqa: S608 (our column names)
    "WHERE e.day >= ? AND e.day <= ? ORDER BY e.day, e.seq"
)


def read_ratings(
    store: Store, first: date, last: date
) -> tuple[list[Rated], list[DamagedFileError]]:
    """Every check-in of ``first``..``last`` as ``Rated``, and the damaged days there."""
    try:
        return _from_index(store, first, last)
    except (StorageError, sqlite3.Error):
        return _from_files(store, first, last)


def _from_index(
    store: Store, first: date, last: date
) -> tuple[list[Rated], list[DamagedFileError]]:
    index = store.index
    rows = cast("list[_Row]", index._rows(_QUERY, (first.isoformat(), last.isoformat())))
    damaged = index.damaged(first, last)
    found: list[Rated] = []
    day: date | None = None
    key: str | None = None
    for key_now, *ratings, tags in rows:
        if key_now != key:
            key = key_now
            day = date.fromisoformat(key_now)
        assert day is not None
        found.append((day, ratings, tags.split()))
    return found, damaged


def _from_files(
    store: Store, first: date, last: date
) -> tuple[list[Rated], list[DamagedFileError]]:
    read = store.read_range(first, last)
    found: list[Rated] = [
        (e.date, [e.area(a).rating for a in AREAS], [f for t in e.tags if (f := fold_tag(t))])
        for e in read.entries
    ]
    return found, read.damaged
