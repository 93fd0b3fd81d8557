"""``selflead goal``: add (or with WOOP), list, progress, edit, done, drop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from selflead.cli.options import AsJson, now, open_store, today

if TYPE_CHECKING:
    from selflead.core.goals import GoalView
    from selflead.models import Goal
    from selflead.store.journal import Store

HELP = """Goals and objectives: what you are going for, by when, and how far you are.

A goal can have a due date, an area and a measure with a target (--measure deals --target 12);
'goal progress ID N' records where a measured goal stands. --woop makes one in four steps
(Wish, Outcome, Obstacle, Plan); its plan, "When <obstacle>, I will ...", is a standing
commitment, asked about in every check-in from this week (next week when made on a Sunday)
until the goal is done or dropped. 'goal edit ID' changes what it is given. Check-ins mention
goals due within 7 days or overdue and ask a measured goal's number once a week; the review
lists goals due in the next 14 days and progress against time.
"""
EPILOG = """\b
Examples:
  selflead goal add "Close the Q1 deals" --due 2027-03-31 --measure deals --target 12
  selflead goal add --woop
  selflead goal progress 3fa9c1 7 --note "two this week"
  selflead goal list --all --json
  selflead goal edit 3fa9c1 --due 2027-04-30 --target 15
  selflead goal done 3fa9c1
"""
IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The goal's id (6+ characters).")]
# What a goal is given, in 'goal add' and 'goal edit' alike.
Due = Annotated[str | None, typer.Option("--due", metavar="DATE", help="Due date: YYYY-MM-DD.")]
Area = Annotated[
    str | None, typer.Option("--area", metavar="AREA", help="communication, ..., goals.")
]
Measure = Annotated[
    str | None, typer.Option("--measure", metavar="TEXT", help="What is counted: deals.")
]
Target = Annotated[
    str | None, typer.Option("--target", metavar="N", help="The number to reach: 12.")
]

group = typer.Typer(name="goal", help=HELP, epilog=EPILOG, no_args_is_help=True)


@group.command("add", help="Add a goal (or, with --woop, make one in four guided steps).")
def add(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Argument(metavar="TITLE")] = None,
    due: Due = None,
    area: Area = None,
    measure: Measure = None,
    target: Target = None,
    woop: Annotated[bool, typer.Option("--woop", help="Wish, Outcome, Obstacle, Plan.")] = False,
    as_json: AsJson = False,
) -> None:
    import sys
    from dataclasses import replace

    from selflead.core import goals as core
    from selflead.core.checkin import resolve_area
    from selflead.errors import InputError
    from selflead.ui import console

    day = today()
    if title is None and not woop:
        raise InputError("the goal needs a title", "e.g. selflead goal add 'Close 12 deals'")
    if woop and not sys.stdin.isatty():
        raise InputError(
            "--woop asks questions, and stdin is not a terminal",
            "run 'selflead goal add --woop' in a terminal",
        )
    spec, note = core.check_spec(
        title or "-",
        due=due,
        area=resolve_area(area) if area is not None else None,
        measure=measure,
        target=target,
        today=day,
    )
    store = open_store(ctx)
    if woop:
        from selflead.models import Woop
        from selflead.ui import goals as ask
        from selflead.ui.terminal import Terminal

        term = Terminal()
        try:
            answers = ask.woop(term, title)
        finally:
            term.close()
        spec = replace(spec, title=answers["wish"], woop=Woop(**answers))
    if note:
        console.status(note)
    goal = core.add(store, spec, now=now(), today=day)
    _said(store, "Added", goal, as_json=as_json)
    if goal.woop is not None:
        from selflead.core.standing import plan_week
        from selflead.ui import commitments as render

        render.standing(plan_week(goal.started), goal.woop.obstacle, goal.woop.plan)


@group.command("list", help="List the open goals (--all: done and dropped too).")
def list_goals(
    ctx: typer.Context,
    everything: Annotated[bool, typer.Option("--all", help="Done and dropped too.")] = False,
    as_json: AsJson = False,
) -> None:
    from selflead.core import goals as core
    from selflead.ui import console
    from selflead.ui import goals as render

    views = core.listed(open_store(ctx), today(), everything=everything)
    if as_json:
        console.emit_json([v.to_json() for v in views])
        return
    render.listing(views, everything=everything)


@group.command("progress", help="Record a measured goal's number (N) and/or a note.")
def progress(
    ctx: typer.Context,
    goal_id: IdArgument,
    number: Annotated[str | None, typer.Argument(metavar="N")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT")] = None,
    as_json: AsJson = False,
) -> None:
    from selflead.core import goals as core

    store = open_store(ctx)
    goal = core.record_progress(store, goal_id, number, note, today=today())
    _said(store, "Recorded", goal, as_json=as_json)


@group.command("done", help="Mark a goal done.")
def done(ctx: typer.Context, goal_id: IdArgument, as_json: AsJson = False) -> None:
    from selflead.core import goals as core

    store = open_store(ctx)
    _said(store, "Done", core.close(store, goal_id, "done", today=today()), as_json=as_json)


@group.command("drop", help="Drop a goal: it leaves the list and the check-ins; kept in --all.")
def drop(ctx: typer.Context, goal_id: IdArgument, as_json: AsJson = False) -> None:
    from selflead.core import goals as core

    store = open_store(ctx)
    _said(store, "Dropped", core.close(store, goal_id, "dropped", today=today()), as_json=as_json)


@group.command("edit", help="Change a goal: what is given changes, the rest stays.")
def edit(
    ctx: typer.Context,
    goal_id: IdArgument,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Its title.")] = None,
    due: Due = None,
    no_due: Annotated[bool, typer.Option("--no-due", help="No due date.")] = False,
    area: Area = None,
    no_area: Annotated[bool, typer.Option("--no-area", help="No area.")] = False,
    measure: Measure = None,
    target: Target = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", metavar="TEXT", help="WOOP: the best outcome.")
    ] = None,
    obstacle: Annotated[
        str | None, typer.Option("--obstacle", metavar="TEXT", help="WOOP: the inner obstacle.")
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", metavar="TEXT", help="WOOP: what you will do when it comes."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    from selflead.core.checkin import resolve_area
    from selflead.core.goal_edit import GoalEdit
    from selflead.core.goal_edit import edit as edit_goal
    from selflead.ui import console
    from selflead.ui import goals as render

    change = GoalEdit(
        title=title,
        due=due,
        no_due=no_due,
        area=resolve_area(area) if area is not None else None,
        no_area=no_area,
        measure=measure,
        target=target,
        outcome=outcome,
        obstacle=obstacle,
        plan=plan,
    )
    store = open_store(ctx)
    done = edit_goal(store, goal_id, change, today=today())
    if done.note:
        console.status(done.note)
    if not done.changed and not as_json:
        console.status(f"Unchanged {render.goal_line(_view(store, done.goal)).plain}")
        return
    _said(store, "Edited", done.goal, as_json=as_json)
    if done.plan_from is not None and not as_json:
        render.plan_from(done.goal, done.plan_from)


def _view(store: Store, goal: Goal) -> GoalView:
    from selflead.core import goals as core

    return next(v for v in core.listed(store, today(), everything=True) if v.goal.id == goal.id)


def _said(store: Store, verb: str, goal: Goal, *, as_json: bool) -> None:
    from selflead.ui import console
    from selflead.ui import goals as render

    view = _view(store, goal)
    if as_json:
        console.emit_json(view.to_json())
        return
    console.status(f"{verb} {render.goal_line(view).plain}")


def register(app: typer.Typer) -> None:
    app.add_typer(group, short_help="Goals: add (or --woop), list, progress, edit, done, drop.")
