"""Saving a check-in as the command does: the save (kept on failure, retried while the
journal is busy if the caller can ask) and the streak it makes (``save``), then the
commitments marked and the goals' numbers given with it, as one result (``record``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from selflead.core.answers import Answers
from selflead.core.on_this_day import Glance, glance
from selflead.core.recovery import AnswersKept, AnswersNotKept, save_checkin
from selflead.core.streaks import days_in_a_row
from selflead.errors import SelfleadError
from selflead.models import Entry, Outcome
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


@dataclass(frozen=True)
class Recorded:
    """All one check-in recorded, in the order it was written: the check-in (None when only
    commitments or goal numbers were given) and the days back it makes worth a look, then
    the commitments marked, then the goals' numbers.

    ``failed`` is what stopped the rest, raised once what was recorded before it is shown, so
    that a saved check-in is never made to look lost; ``lost`` the answers neither saved nor
    kept, to show so that they can be copied."""

    day: date
    saved: Saved | None = None
    seen: Glance | None = None
    marks: int = 0
    numbers: int = 0
    lost: Answers | None = None
    failed: Exception | None = None


def record(
    store: Store,
    day: date,
    answers: Answers | None,
    marks: Mapping[str, Outcome],
    numbers: Mapping[str, float],
    *,
    now: Callable[[], datetime],
    today: date,
    weekdays_only: bool,
    kept: Path | None = None,
    keep: bool = True,
    on_busy: OnBusy | None = None,
) -> Recorded:
    """Save the check-in (``answers``; None to save none), then the day's ``marks`` of
    commitments, then the goals' ``numbers``. ``now`` is read when the check-in is saved."""
    saved = seen = None
    if answers is not None:
        try:
            saved = save(
                store,
                answers,
                now=now(),
                kept=kept,
                weekdays_only=weekdays_only,
                keep=keep,
                on_busy=on_busy,
            )
        except AnswersNotKept as failed:
            return Recorded(day, lost=answers, failed=failed)
        seen = glance(store, saved.entry.date, today=today)  # never raises
    done = Recorded(day, saved, seen)
    try:
        if marks:
            from selflead.core.commitments import save_marks

            save_marks(store, day, marks)
            done = replace(done, marks=len(marks))
        if numbers:
            from selflead.core.goals import set_number

            for goal_id, value in numbers.items():
                set_number(store, goal_id, value, today=day)
            done = replace(done, numbers=len(numbers))
    except Exception as failed:  # raised by the renderer, after what was saved before it
        return replace(done, failed=failed)
    return done


def scripted(
    store: Store,
    answers: Answers,
    marking: Mapping[Outcome, list[str]],
    *,
    today: date,
    now: Callable[[], datetime],
    weekdays_only: bool,
    keep: bool,
) -> Recorded:
    """A check-in given as options: its ``--kept/--partly/--missed`` ids are checked before
    anything is written; with marks alone, only they are saved. ``keep=False``: a failed
    save keeps nothing (every field can be given again)."""
    marks: dict[str, Outcome] = {}
    if any(marking.values()):  # --no-input alone never reads the commitments
        from selflead.core import commitments

        typed = commitments.parse_marks(marking)
        open_now = commitments.open_for(store, answers.day)
        marks = commitments.resolve_marks(open_now, typed, answers.day)
    only_marks = bool(marks) and answers.is_empty
    return record(
        store,
        answers.day,
        None if only_marks else answers,
        marks,
        {},
        now=now,
        today=today,
        weekdays_only=weekdays_only,
        keep=keep,
    )
