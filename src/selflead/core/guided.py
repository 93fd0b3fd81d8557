"""The guided check-in as the command runs it: what it asks about besides the four areas
(the week's open commitments and focus, the goals due soon and those measured), asked
through the ui's ``Ask``, then everything it records (``core.record``), as one result;
and ``--resume``, the answers kept when a save failed, offered again and saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from selflead.core import commitments, goals
from selflead.core.carried_focus import carried_focus
from selflead.core.record import Recorded, record
from selflead.core.recovery import AnswersKept, keep_template, next_to_resume
from selflead.core.template import TemplateAbandoned
from selflead.errors import Cancelled, InputError
from selflead.store.recovery import is_kept

if TYPE_CHECKING:
    from selflead.core.answers import Answers
    from selflead.core.focus import Focus
    from selflead.core.follow_through import WeekCommitments
    from selflead.core.goals import GoalView
    from selflead.core.recovery import Resumable
    from selflead.models import Outcome
    from selflead.store.journal import Store


@dataclass(frozen=True)
class Questions:
    """What a guided check-in asks, besides the four areas and the tags."""

    answers: Answers  # the day, and what the options gave (the tags)
    commitments: WeekCommitments  # "did you?" for each, before the areas
    focus: Focus | None  # the week's focus: its question replaces that area's
    goals_due: list[GoalView]  # shown in the goals area
    goals_to_number: list[GoalView]  # asked their number there (only on the day itself)


@dataclass(frozen=True)
class Asked:
    """What the person answered."""

    answers: Answers
    marks: dict[str, Outcome]
    numbers: dict[str, float]


class Ask(Protocol):
    """The ui that asks a guided check-in at a terminal (``ui.guided.Guided``)."""

    def checkin(self, questions: Questions, *, editor: bool) -> Asked:
        """Ask it all (``editor``: the areas in the editor's template); a template given up
        with an error in it raises ``TemplateAbandoned``."""
        ...

    def resumed(self, kept: Resumable, answers: Answers) -> Answers:
        """Kept answers offered again (a template in the editor); a template given up
        again raises ``TemplateAbandoned``."""
        ...

    def busy(self, failed: AnswersKept) -> None:
        """The journal is busy and the answers are kept: return to try again, or raise."""
        ...

    def waiting(self) -> None:
        """A save waits for another selflead to finish writing."""
        ...


def checkin(
    store: Store,
    answers: Answers,
    ask: Ask,
    *,
    editor: bool,
    today: date,
    now: Callable[[], datetime],
    weekdays_only: bool,
) -> Recorded:
    """Ask the check-in, then record what was answered (``now`` is read when it is saved)."""
    day = answers.day
    asked_about = commitments.open_for(store, day)
    focus = carried_focus(store, day)
    views = goals.listed(store, day, everything=False)
    questions = Questions(
        answers,
        asked_about,
        focus,
        goals.due_soon(views, goals.DUE_SOON_CHECKIN),
        # A number is where a goal stands now, not on a day that is over.
        goals.to_ask(views) if day == today else [],
    )
    try:
        asked = ask.checkin(questions, editor=editor)
    except TemplateAbandoned as gave_up:
        raise keep_template(store, answers, gave_up, now=now()) from None
    if asked.answers.is_empty and not asked.marks and not asked.numbers:
        raise InputError(
            "nothing to save: every area was skipped", "run 'selflead checkin' again later"
        )
    store.on_wait = ask.waiting
    return record(
        store,
        day,
        None if asked.answers.is_empty else asked.answers,
        asked.marks,
        asked.numbers,
        now=now,
        today=today,
        weekdays_only=weekdays_only,
        on_busy=ask.busy,
    )


def resume(
    store: Store,
    ask: Ask | None,
    *,
    today: date,
    now: Callable[[], datetime],
    weekdays_only: bool,
) -> Recorded:
    """Save the oldest answers kept, offered again first at a terminal (``ask``); without one
    they are saved as they are, which a template with an error in it cannot be."""
    kept, answers = next_to_resume(store, "checkin")
    store.read_day(answers.day)
    if ask is None and kept.template is not None:
        raise InputError(
            f"{kept.path} holds a check-in template with an error in it",
            "run 'selflead checkin --resume' in a terminal to fix it in your editor",
        )
    try:
        if ask is not None:
            try:
                answers = ask.resumed(kept, answers)
            except TemplateAbandoned as gave_up:
                raise keep_template(
                    store, answers, gave_up, now=now(), replacing=kept.path
                ) from None
            store.on_wait = ask.waiting
        return record(
            store,
            answers.day,
            answers,
            {},
            {},
            now=now,
            today=today,
            weekdays_only=weekdays_only,
            kept=kept.path,
            on_busy=None if ask is None else ask.busy,
        )
    except Cancelled as cancelled:  # at the terminal: the answers may still be kept
        if not is_kept(kept.path):
            raise
        raise Cancelled(
            f"{cancelled.message}; your answers are still kept in {kept.path}",
            "'selflead checkin --resume' offers them again",
        ) from None
