"""How counts and times are said, the same way on screen and in every export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.dates import short_date

if TYPE_CHECKING:
    from selflead.models import Entry


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 check-in``, ``3 check-ins``; ``1,200 days`` (``many`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def written_later(entry: Entry) -> str | None:
    """For a backfilled entry (written on a later day than the one it is about):
    ``written Tue 1 Dec`` (with the year when it is another one); else None.

    One policy for every view: a backfilled entry has no time of day; the day it was
    written is said once, in these words.
    """
    made = entry.created.date()
    if made == entry.date:
        return None
    return f"written {short_date(made, year=made.year != entry.date.year)}"
