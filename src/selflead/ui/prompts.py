"""The guided check-in and the GROW reflection, asked at the terminal (``ui.terminal``).

Ctrl-C at any prompt cancels (``cancelled: nothing was saved``); Ctrl-D finishes a
reflection and never cancels. At the end the whole check-in is shown, and Enter saves it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from selflead.areas import AREA_ALIASES, AREA_LABELS, AREAS, AreaName
from selflead.core import template
from selflead.core.answers import Answers
from selflead.core.checkin import check_text, is_rating, parse_tags
from selflead.core.coaching import FOCUS_LINE, GROW, question_on, when_words
from selflead.core.recovery import Resumable
from selflead.dates import long_date, short_date
from selflead.errors import Cancelled, InputError, SelfleadError
from selflead.ui.entries import entry_panel
from selflead.ui.terminal import Terminal, problem_line
from selflead.ui.text import AREA_STYLES, hanging, safe

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from rich.console import RenderableType

    from selflead.core.focus import Focus

REFLECTION_PROMPT = "  Reflection (Enter on an empty line to finish; Enter now to skip): "
NARROW_REFLECTION_PROMPT = "  Reflection (Enter now to skip): "  # under 80 columns
# An answer already there, offered to edit in place.
PREFILLED_PROMPT = "  Your answer, to edit (Enter on an empty line finishes): "
NARROW_PREFILLED_PROMPT = "  Your answer, to edit: "
TAGS_PROMPT = "Tags, separated by spaces (Enter to skip): "
REVIEW_PROMPT = "Enter saves · 1-4 or c/e/b/g edits an area · t the tags · x cancels: "
NARROW_REVIEW_PROMPT = "Enter saves · 1-4 edits an area · t tags · x cancels: "
_AREA_KEYS: dict[str, AreaName] = {
    **{str(n): area for n, area in enumerate(AREAS, start=1)},
    **{area[0]: area for area in AREAS},
    **AREA_ALIASES,
}


def _rating(term: Terminal, label: str, default: int | None) -> int | None:
    while True:
        answer = term.line(
            f"  {label} rating 1-5 (Enter to skip): ",
            history="rating",
            default="" if default is None else str(default),
        ).strip()
        if not answer:
            return None
        if is_rating(answer):
            return int(answer)
        term.print(Text("  Please type a number from 1 to 5, or press Enter.", "red"))


def _reflection(term: Terminal, what: str, prompt: str, default: str, history: str) -> str:
    """A reflection of any length; text that cannot be saved is shown again to fix, never
    dropped."""
    term.hint_once()
    while True:
        text = term.text(prompt, history=history, default=default)
        try:
            return check_text(text, what=what)
        except InputError as exc:
            term.print(safe(problem_line(exc), "red"))
            # Undecodable bytes come back as U+FFFD so the rest can be kept and fixed.
            default = re.sub("[\ud800-\udfff]", "\ufffd", text)


def _ask_area(
    term: Terminal,
    answers: Answers,
    area: AreaName,
    number: int,
    today: date,
    focus: Focus | None = None,
    extra: Callable[[], None] | None = None,
) -> None:
    label = AREA_LABELS[area]
    term.print()
    title = Text(f"{number}/4 {label}", style=f"bold {AREA_STYLES[area]}")
    question = question_on(area, answers.day, today)
    if focus is not None and focus.area == area:
        title.append("  (this week's focus)", style="bold")
        question = focus.question
    term.print(title)
    term.print(hanging(Text(question, style="italic")))
    if extra is not None:
        extra()
    rating = _rating(term, label, answers.ratings.get(area))
    answers.ratings.pop(area, None)
    if rating is not None:
        answers.ratings[area] = rating
    text = _reflection(
        term,
        f"{area} reflection",
        REFLECTION_PROMPT if term.width >= 80 else NARROW_REFLECTION_PROMPT,
        answers.reflections.get(area, ""),
        history=f"reflection-{area}",
    )
    answers.reflections.pop(area, None)
    if text.strip():
        answers.reflections[area] = text


def _ask_tags(term: Terminal, answers: Answers, given: list[str]) -> None:
    default = " ".join(t for t in answers.tags if t not in given)
    while True:
        typed = term.line(TAGS_PROMPT, history="tags", default=default)
        extra = [t for t in re.split(r"[\s,]+", typed.strip()) if t]
        try:
            answers.tags = parse_tags([*given, *extra])
        except SelfleadError as exc:
            term.print(safe(f"  {exc.message}; please type the tags again.", "red"))
            default = typed
            continue
        return


def header(term: Terminal, day: date, today: date) -> None:
    line = Text(f"Check-in for {long_date(day)}", style="bold underline")
    if day < today:
        line.append(f" ({when_words(day, today)[1]}, a day that is over)", style="bold")
    line.append("  (Ctrl-C cancels; nothing is saved until the end)", style="dim")
    term.print(line)


def run(
    term: Terminal,
    answers: Answers,
    *,
    today: date,
    first: Callable[[], None] | None = None,
    focus: Focus | None = None,
    within: Mapping[AreaName, Callable[[], None]] | None = None,
) -> Answers:
    """Ask the four areas in order, then the tags, then show it all to save or edit.

    ``within``: more to show or ask in an area, after its question (the goals due soon).

    ``first``: asked after the header, before the areas (the week's commitments). ``focus``:
    the week's focus, shown first; its question replaces that area's rotating one."""
    given = list(answers.tags)
    header(term, answers.day, today)
    if focus is not None and focus.area is not None:
        line = Text(FOCUS_LINE.format(area=AREA_LABELS[focus.area].lower()), style="bold")
        term.print(line)
    if first is not None:
        first()
    for number, area in enumerate(AREAS, start=1):
        _ask_area(term, answers, area, number, today, focus, (within or {}).get(area))
    term.print()
    _ask_tags(term, answers, given)
    return confirm(term, answers, today=today, given_tags=given, focus=focus)


def _preview(answers: Answers) -> RenderableType | None:
    """The check-in as it will be saved (None when there is nothing in it)."""
    if answers.is_empty:
        return None
    noon = datetime.combine(answers.day, time(12), tzinfo=UTC)
    return entry_panel(answers.entry(noon), title=f"Your check-in for {long_date(answers.day)}")


def confirm(
    term: Terminal,
    answers: Answers,
    *,
    today: date,
    given_tags: list[str] | None = None,
    focus: Focus | None = None,
) -> Answers:
    """Show the whole check-in: Enter saves, an area's key edits it, x cancels."""
    while True:
        panel = _preview(answers)
        if panel is None:
            return answers  # nothing to save: the caller says so
        term.print()
        term.print(panel)
        prompt = REVIEW_PROMPT if term.width >= 80 else NARROW_REVIEW_PROMPT
        choice = term.line(prompt, history="review").strip().lower()
        if not choice or choice in {"s", "save", "y", "yes"}:
            return answers
        if choice in {"x", "q", "cancel", "n", "no"}:
            raise Cancelled("nothing was saved")
        if choice in {"t", "tags"}:
            _ask_tags(term, answers, given_tags or [])
            continue
        area = _AREA_KEYS.get(choice)
        if area is None:
            term.print(Text("  Press Enter to save, 1-4 to edit an area, or x to cancel.", "red"))
            continue
        _ask_area(term, answers, area, AREAS.index(area) + 1, today, focus)


def resuming(term: Terminal, info: Resumable, about: str) -> None:
    more = f" (the oldest of {info.waiting})" if info.waiting > 1 else ""
    try:
        written = datetime.fromisoformat(info.written)
        when = f"{short_date(written.date())}, {written:%H:%M}"
    except ValueError:
        when = info.written
    term.print(safe(f"Resuming answers for {about} kept {when}{more}: {info.problem}", "bold"))


class TemplateLeftAlone(Cancelled):
    """The template came back unchanged, or emptied: nothing is to be saved."""

    def __init__(self, why: str) -> None:
        super().__init__(why, "nothing was saved")
        self.emptied = why.endswith("emptied")


def edit_template(
    term: Terminal,
    answers: Answers,
    *,
    today: date,
    text: str | None = None,
    editing: str | None = None,
) -> Answers:
    """The whole check-in in the person's editor, until it reads back or is given up.

    ``text``: what to open instead of the answers' template (kept from an earlier try);
    ``editing``: the short id of the saved check-in the answers are (``selflead edit``)."""
    original = template.render(answers, today=today, editing=editing)
    shown = text if text is not None else original
    reopened = text is not None
    while True:
        edited = term.editor_document(shown)
        if template.is_emptied(edited):
            raise TemplateLeftAlone("the check-in was emptied")
        if edited == original:
            raise TemplateLeftAlone("the check-in was left unchanged")
        try:
            parsed = template.parse(edited, today=today)
        except template.TemplateError as exc:
            if reopened and edited == shown:
                raise template.TemplateAbandoned(edited, exc) from None
            term.print(safe(problem_line(exc) + " Opening the editor again.", "red"))
            shown = template.with_error(edited, exc)
            reopened = True
            continue
        if parsed == answers:  # only spaces changed (an editor that trims lines, say)
            raise TemplateLeftAlone("the check-in was left unchanged")
        return parsed


def retry_when_busy(term: Terminal, problem: SelfleadError, kept: Path, resume: str) -> None:
    """The journal is locked by another selflead: the answers are kept; let the person retry."""
    term.print(safe(f"  {problem.message}.", "yellow"))
    term.print(safe(f"  Your answers are kept in {kept}.", "dim"))
    try:
        term.line("  Press Enter to try again, or Ctrl-C to stop: ", history="retry")
    except Cancelled:
        raise Cancelled(f"your answers are kept in {kept}", f"'{resume}' saves them") from None


def reflect(
    term: Terminal,
    week: str,
    existing: dict[str, str],
    given: dict[str, str] | None = None,
    *,
    before: Mapping[str, Callable[[], None]] | None = None,
    after: Mapping[str, Callable[[], None]] | None = None,
) -> dict[str, str]:
    """The GROW weekly reflection: the answers that changed, "" for one cleared.

    An answer the week already has is offered pre-filled, to edit in place: finished as it is,
    it is kept; emptied (or '-' alone), it is cleared. ``given``: answers resumed from a
    recovery file, offered instead. ``before``/``after``: more to ask around a step's answer
    (by field: last week's commitments in Reality, next week's in Will).
    """
    term.print()
    term.print(Text(f"Weekly reflection for {week} (GROW)", style="bold underline"))
    answers: dict[str, str] = {}
    for step in GROW:
        key, label, question = step.field, step.label, step.question
        term.print()
        term.print(Text(label, style="bold"))
        term.print(hanging(Text(question, style="italic")))
        if before and key in before:
            before[key]()
        there = existing.get(key, "")
        offered = (given or {}).get(key, there)
        if offered:
            prompt = PREFILLED_PROMPT if term.width >= 80 else NARROW_PREFILLED_PROMPT
        else:
            prompt = REFLECTION_PROMPT if term.width >= 80 else NARROW_REFLECTION_PROMPT
        text = _reflection(term, f"{label} answer", prompt, offered, history=f"grow-{key}")
        text = "" if text.strip() in {"", "-"} else text
        if text != there:
            answers[key] = text
        if after and key in after:
            after[key]()
    return answers
