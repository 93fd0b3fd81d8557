"""The focus a week carries: the one the review of the week before chose for it.

Each check-in of the week shows it first and asks its question in place of that area's
rotating one; the week's own review then says how the area moved (``core.review``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from selflead.core.focus import Focus, choose_focus
from selflead.core.review import area_summaries
from selflead.dates import week_start

if TYPE_CHECKING:
    from selflead.store.journal import Store


def carried_focus(store: Store, day: date) -> Focus | None:
    """The focus the review of the week before ``day``'s chose, or None when that week had
    no check-in to choose from (or chose none). Damaged days are left out here: the review
    itself says they are damaged."""
    monday = week_start(day) - timedelta(days=7)
    last = store.read_range(monday, monday + timedelta(days=6)).entries
    if not last:
        return None
    before = store.read_range(monday - timedelta(days=7), monday - timedelta(days=1)).entries
    focus = choose_focus(
        area_summaries(last, before, monday),
        entries=len(last),
        active_days=len({e.date for e in last}),
        week_number=monday.isocalendar().week,
    )
    return focus if focus.area is not None else None
