"""The guided check-in at one terminal, as ``core.guided`` asks it: the week's commitments
(``ui.commitments``), the four areas and the tags (``ui.prompts``, or the editor's template),
the goals due and their numbers in the goals area (``ui.goals``), and a busy journal."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from selflead.core.guided import Asked, Questions
from selflead.ui import commitments, goals, prompts
from selflead.ui.terminal import Terminal

if TYPE_CHECKING:
    from selflead.core.answers import Answers
    from selflead.core.recovery import AnswersKept, Resumable
    from selflead.models import Outcome


class Guided:
    """``core.guided.Ask`` at the terminal; ``with Guided(...) as ask:`` closes it after."""

    def __init__(self, *, today: date) -> None:
        self.term = Terminal()
        self.today = today

    def __enter__(self) -> Guided:
        return self

    def __exit__(self, *_: object) -> None:
        self.term.close()

    def checkin(self, questions: Questions, *, editor: bool) -> Asked:
        term = self.term
        marks: dict[str, Outcome] = {}
        numbers: dict[str, float] = {}

        def ask_marks() -> None:
            marks.update(commitments.ask_marks(term, questions.commitments))

        def goals_area() -> None:
            goals.due_in_checkin(term, questions.goals_due)
            numbers.update(goals.ask_numbers(term, questions.goals_to_number))

        answers: Answers
        if editor:
            ask_marks()
            answers = prompts.edit_template(term, questions.answers, today=self.today)
        else:
            answers = prompts.run(
                term,
                questions.answers,
                today=self.today,
                first=ask_marks,
                focus=questions.focus,
                within={"goals": goals_area},
            )
        return Asked(answers, marks, numbers)

    def resumed(self, kept: Resumable, answers: Answers) -> Answers:
        prompts.resuming(self.term, kept, answers.day.isoformat())
        if kept.template is not None:
            return prompts.edit_template(self.term, answers, today=self.today, text=kept.template)
        return prompts.confirm(self.term, answers, today=self.today, given_tags=[])

    def busy(self, failed: AnswersKept) -> None:
        prompts.retry_when_busy(self.term, failed.cause, failed.path, failed.resume)

    def waiting(self) -> None:
        self.term.waiting()
