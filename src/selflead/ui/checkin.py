"""What a check-in says once it has recorded (``core.record.Recorded``): the check-in as
saved and the days back worth a look, then the commitments and goals recorded with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from selflead.ui import console, entries, on_this_day
from selflead.words import plural

if TYPE_CHECKING:
    from datetime import date

    from selflead.core.record import Recorded


def recorded(result: Recorded, *, today: date) -> None:
    """Each part in the order it was written; then the failure that stopped the rest, if any,
    goes up to the one error boundary (after the check-in it could not undo is shown)."""
    if result.lost is not None:
        entries.unsaved(result.lost, today=today)
    saved = result.saved
    if saved is not None:
        with console.after_save(f"saved the check-in to {saved.path}"):
            entries.saved(saved)
            on_this_day.mention(result.seen)
    if result.marks:
        console.status(f"Recorded {plural(result.marks, 'commitment')} for {result.day}.")
    if result.numbers:
        verb = "stands" if result.numbers == 1 else "stand"
        console.status(f"Recorded where {plural(result.numbers, 'goal')} {verb}.")
    if result.failed is not None:
        raise result.failed
