"""How commitments look and how they are asked about: in a list, in the review, in a check-in
and in the Will step of a weekly reflection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from selflead.core import coaching
from selflead.core.commitments import MAX_PER_WEEK, Plan, check_plan
from selflead.core.follow_through import Listed, WeekCommitments
from selflead.errors import InputError
from selflead.ui.console import out, status
from selflead.ui.text import hanging, safe

if TYPE_CHECKING:
    from selflead.models import Outcome
    from selflead.ui.terminal import Terminal


def plan_text(item: Listed) -> Text:
    """``When <situation>, I will <action>`` with the user's words as data."""
    line = Text("When ")
    line.append_text(safe(item.commitment.when))
    line.append(", I will ")
    line.append_text(safe(item.commitment.will))
    return line


def item_line(item: Listed) -> Text:
    line = Text(f"{item.short_id}  ", style="bold")
    line.append_text(plan_text(item))
    line.append(f"  ({item.record.words()}", style="dim")
    if item.commitment.dropped:
        line.append("; dropped", style="dim")
    if item.carried_to:
        line.append(f"; carried into {item.carried_to}", style="dim")
    if item.goal is not None:
        line.append("; the standing plan of the goal ", style="dim")
        line.append_text(safe(item.goal.title, "dim"))
    line.append(")", style="dim")
    return line


def follow_through(listed: WeekCommitments) -> Text:
    total = listed.follow_through
    if not total.occasions:
        return Text(f"  Follow-through: {total.words()}.", style="dim")
    return Text(f"  Follow-through: {total.words()} ({total.percent}%).")


def week(listed: WeekCommitments, *, title: bool = True) -> None:
    """A week's commitments with their records (``selflead commitments``, the review)."""
    console = out()
    if title:
        console.print(Text(f"Commitments for {listed.week}", style="bold"))
    if not listed.items:
        console.print(
            hanging(
                Text(
                    "None yet: make them in the Will step of 'selflead review --reflect', or "
                    "with 'selflead commitments add --when TEXT --will TEXT'.",
                    style="dim",
                )
            )
        )
        return
    for item in listed.items:
        console.print(hanging(item_line(item)))
    console.print(follow_through(listed))


def changed(message: str, item_week: str, when: str, will: str) -> None:
    status(f"{message} ({item_week}): When {when}, I will {will}")


def comes_back(week: str) -> None:
    """After dropping a goal's standing plan for its week."""
    status(
        f"It is a goal's standing plan, so it comes back in {week}; 'selflead goal done ID' "
        "or 'selflead goal drop ID' ends it."
    )


def standing(week: str, when: str, will: str) -> None:
    """After a WOOP goal is made: its plan is a commitment every week from ``week``."""
    changed("Committed", week, when, will)
    status("It stands every week until the goal is done or dropped.")


# ---- asking


_OUTCOME_KEYS: dict[str, Outcome] = {
    "k": "kept",
    "y": "kept",
    "kept": "kept",
    "p": "partly",
    "partly": "partly",
    "n": "missed",
    "m": "missed",
    "missed": "missed",
}


def ask_marks(term: Terminal, open_now: WeekCommitments) -> dict[str, Outcome]:
    """The daily "did you?" for each open commitment; Enter is no occasion today."""
    answers: dict[str, Outcome] = {}
    if not open_now.items:
        return answers
    term.print()
    term.print(Text(coaching.COMMITMENTS_TITLE, style="bold"))
    prompt = coaching.MARK_PROMPT if term.width >= 80 else coaching.NARROW_MARK_PROMPT
    for item in open_now.items:
        term.print(hanging(plan_text(item)))
        while True:
            typed = term.line(prompt, history="commitment").strip().lower()
            if not typed:
                break
            outcome = _OUTCOME_KEYS.get(typed)
            if outcome is not None:
                answers[item.commitment.id] = outcome
                break
            term.print(Text("  Please type k, p or n, or press Enter.", "red"))
    return answers


def review_last(term: Terminal, listed: WeekCommitments, room: int) -> list[Listed]:
    """In the Reality step: the week's commitments and records; one keystroke carries an
    unkept one into next week. Returns those to carry."""
    candidates = [
        i for i in listed.items if i.open and not i.carried_to and i.commitment.goal is None
    ]
    if not listed.items:
        return []
    term.print(Text("  Your commitments for this week:", style="dim"))
    for number, item in enumerate(listed.items, start=1):
        line = Text(f"{number}. ")
        line.append_text(item_line(item))
        term.print(hanging(line))
    term.print(follow_through(listed))
    unkept = [i for i in candidates if i.record.kept < i.record.occasions or not i.record.occasions]
    carry: list[Listed] = []
    while unkept and room > len(carry):
        numbers = [str(listed.items.index(i) + 1) for i in unkept if i not in carry]
        if not numbers:
            break
        typed = term.line(
            coaching.CARRY_PROMPT.format(numbers="/".join(numbers)), history="carry"
        ).strip()
        if not typed:
            break
        if typed not in numbers:
            term.print(Text(f"  Please type {' or '.join(numbers)}, or press Enter.", "red"))
            continue
        carry.append(listed.items[int(typed) - 1])
    return carry


def ask_plans(term: Terminal, room: int) -> list[Plan]:
    """Up to ``room`` if-then plans: "When ..." then "I will ..."; an empty When finishes."""
    plans: list[Plan] = []
    if room <= 0:
        term.print(Text(f"  Next week already has {MAX_PER_WEEK} commitments.", style="dim"))
        return plans
    term.print()
    term.print(Text(coaching.PLANS_TITLE, style="bold"))
    term.print(hanging(Text(coaching.PLANS_QUESTION, style="italic")))
    while len(plans) < room:
        when = term.line(coaching.WHEN_PROMPT, history="plan-when").strip()
        if not when:
            break
        while True:
            will = term.line(coaching.WILL_PROMPT, history="plan-will").strip()
            try:
                plans.append(check_plan(when, will))
                break
            except InputError as exc:
                term.print(safe(f"  {exc.message}; please write what you will do.", "red"))
    return plans


def not_saved(week: str, carry: list[Listed], plans: list[Plan]) -> None:
    """The commitments a reflection could not save, as the commands that save them."""
    import shlex

    if not carry and not plans:
        return
    status("Your commitments were not saved; these commands save them:")
    for item in carry:
        status(f"  selflead commitments carry {item.commitment.id}")
    for plan in plans:
        status(
            f"  selflead commitments add --week {week} --when {shlex.quote(plan.when)} "
            f"--will {shlex.quote(plan.will)}"
        )
