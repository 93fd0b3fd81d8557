"""How goals look (list, review, check-in) and the guided WOOP."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from selflead.core import coaching
from selflead.core.goals import GoalView, number_words, parse_number
from selflead.errors import InputError
from selflead.ui.console import out, status
from selflead.ui.text import hanging, safe

if TYPE_CHECKING:
    from selflead.models import Goal
    from selflead.ui.terminal import Terminal


def goal_line(view: GoalView) -> Text:
    line = Text(f"{view.short_id}  ", style="bold")
    line.append_text(safe(view.goal.title))
    facts = [f for f in (view.progress_words(), view.due_words()) if f]
    if view.goal.status != "open":
        facts.insert(0, f"{view.goal.status} {view.goal.closed}")
    if view.goal.area:
        facts.append(view.goal.area)
    if facts:
        line.append("  (" + "; ".join(facts) + ")", style="red" if view.overdue else "dim")
    return line


def listing(views: list[GoalView], *, everything: bool) -> None:
    console = out()
    if not views:
        what = "No goals yet" if everything else "No open goals"
        console.print(Text(f"{what}: add one with 'selflead goal add TITLE' (or --woop).", "dim"))
        return
    for view in views:
        console.print(hanging(goal_line(view), 0))
        woop = view.goal.woop
        if woop is not None:
            plan = Text("When ", style="dim")
            plan.append_text(safe(woop.obstacle, "dim"))
            plan.append(", I will ", style="dim")
            plan.append_text(safe(woop.plan, "dim"))
            console.print(hanging(plan, 8))


def in_review(due: list[GoalView], measured: list[GoalView]) -> None:
    """The review's goals: those due in the next 14 days or overdue, and progress against time."""
    console = out()
    if not due and not measured:
        return
    console.print(Text("Goals", style="bold"))
    for view in due:
        console.print(hanging(goal_line(view)))
    for view in measured:
        if view not in due:
            console.print(hanging(goal_line(view)))


def due_in_checkin(term: Terminal, due: list[GoalView]) -> None:
    if not due:
        return
    term.print(Text(coaching.GOALS_DUE_TITLE, style="bold"))
    for view in due:
        term.print(hanging(goal_line(view)))


def ask_numbers(term: Terminal, views: list[GoalView]) -> dict[str, float]:
    """Once a week per measured goal: its current number; Enter keeps it."""
    answers: dict[str, float] = {}
    for view in views:
        g = view.goal
        assert g.target is not None and g.measure is not None
        current = g.current or 0.0
        prompt = coaching.GOAL_NUMBER_PROMPT.format(
            title=g.title,
            measure=g.measure,
            current=number_words(current),
            target=number_words(g.target),
        )
        while True:
            typed = term.line(prompt, history="goal-number").strip()
            if not typed:
                break
            try:
                value = parse_number(typed, option="the number")
            except InputError as exc:
                term.print(safe(f"  {exc.message}; or press Enter.", "red"))
                continue
            if value != current:
                answers[g.id] = value
            break
    return answers


def woop(term: Terminal, title: str | None) -> dict[str, str]:
    """The four WOOP steps; the Plan is asked as "When <obstacle>, I will ..."."""
    term.print(Text("A goal with WOOP: Wish, Outcome, Obstacle, Plan", style="bold underline"))
    answers: dict[str, str] = {}
    for step in coaching.WOOP:
        term.print()
        term.print(Text(step.label, style="bold"))
        term.print(hanging(Text(step.question, style="italic")))
        if step.field == "wish" and title:
            term.print(hanging(safe(title)))
            answers["wish"] = title
            continue
        prompt = "  "
        if step.field == "plan":
            prompt = coaching.WOOP_PLAN_PROMPT.format(obstacle=answers["obstacle"])
        while True:
            typed = term.line(prompt, history=f"woop-{step.field}").strip()
            if step.field == "plan" and typed.lower().startswith("i will "):
                typed = typed[len("i will ") :].strip()
            if typed and len(typed) <= 500:
                answers[step.field] = typed
                break
            term.print(Text("  Please write a short answer (up to 500 characters).", "red"))
    return answers


def plan_from(goal: Goal, week: str) -> None:
    """After an edit of a WOOP goal's obstacle or plan: from which week it is asked."""
    assert goal.woop is not None
    status(
        f"Its standing plan from {week}: When {goal.woop.obstacle}, I will {goal.woop.plan} "
        "(a week already answered keeps the plan it had)."
    )
