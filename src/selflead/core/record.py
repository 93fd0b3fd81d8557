"""Saving a check-in as the command does: the save (kept on failure, retried while the
journal is busy if the caller can ask), then the streak it makes, as one result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from selflead.core.answers import Answers
from selflead.core.recovery import AnswersKept, save_checkin
from selflead.core.streaks import days_in_a_row
from selflead.errors import SelfleadError
from selflead.models import Entry
from selflead.store.journal import Store

# Asked when the journal is busy and the answers are kept: return to try again, or raise.
OnBusy = Callable[[AnswersKept], None]


@dataclass(frozen=True)
class Saved:
    """A saved check-in: where it went, and the days (or weekdays) in a row it makes."""

    path: Path
    entry: Entry
    streak: int
    unit: str  # "day", or "weekday" for a journal kept Monday to Friday


def streak_after(store: Store, entry: Entry, *, weekdays_only: bool) -> int:
    """The streak ending on the saved entry's day; 0 when it cannot be counted, since once
    saved, nothing may make the save look failed."""
    try:
        if weekdays_only:  # walks back day by day, Monday to Friday
            return days_in_a_row(store.has_day, entry.date, weekdays_only=True)
        return store.days_in_a_row(entry.date)  # from the index: the same cost on any day
    except (SelfleadError, OSError):
        return 0


def save(
    store: Store,
    answers: Answers,
    *,
    now: datetime,
    kept: Path | None,
    weekdays_only: bool,
    keep: bool = True,
    on_busy: OnBusy | None = None,
) -> Saved:
    """Save the check-in (``kept``: the recovery file it came from). A busy journal is
    retried after ``on_busy`` returns; without one, or for any other failure, the
    ``AnswersKept`` (or ``AnswersNotKept``) goes up."""
    while True:
        try:
            path, entry = save_checkin(store, answers, now=now, kept=kept, keep=keep)
            break
        except AnswersKept as failed:
            if on_busy is None or not failed.busy:
                raise
            kept = failed.path
            on_busy(failed)
    unit = "weekday" if weekdays_only else "day"
    return Saved(path, entry, streak_after(store, entry, weekdays_only=weekdays_only), unit)
