"""``selflead commitments``: list, add, drop and carry the week's if-then plans."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from selflead.cli.options import AsJson, now, open_store, today

if TYPE_CHECKING:
    from selflead.core.commitments import Action
    from selflead.store.journal import Store

HELP = """List a week's commitments (if-then plans) with their records.

A commitment is "When <situation>, I will <action>" for one ISO week, made in the Will step of
'selflead review --reflect' or with 'commitments add'. Each check-in of that week asks how it
went ('checkin --kept/--partly/--missed ID' when scripted). A WOOP goal's plan is a standing
commitment of every week while the goal is open. Ids are shown by their first characters; any
unique prefix of six or more works.
"""
EPILOG = """\b
Examples:
  selflead commitments
  selflead commitments --week 2026-W49 --json
  selflead commitments add --when "I open my laptop" --will "write the day's one result"
  selflead commitments carry 3fa9c1
  selflead commitments drop 3fa9c1
"""

WeekOption = Annotated[
    str | None,
    typer.Option("--week", "-w", metavar="YYYY-Www", help="The ISO week (default: this week)."),
]

group = typer.Typer(
    name="commitments",
    help=HELP,
    epilog=EPILOG,
    short_help="List, add, drop or carry the week's commitments.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@group.callback(invoke_without_command=True)
def commitments(ctx: typer.Context, week: WeekOption = None, as_json: AsJson = False) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from selflead.core import commitments as core
    from selflead.ui import commitments as render
    from selflead.ui import console

    listed = core.week_commitments(open_store(ctx), core.week_of(week, today()))
    if as_json:
        console.emit_json(listed.to_json())
        return
    render.week(listed)


@group.command("add", help="Add an if-then plan to a week (default: this week).")
def add(
    ctx: typer.Context,
    when: Annotated[str, typer.Option("--when", metavar="TEXT", help="The situation: 'When ...'.")],
    will: Annotated[str, typer.Option("--will", metavar="TEXT", help="The action: 'I will ...'.")],
    week: WeekOption = None,
    as_json: AsJson = False,
) -> None:
    from selflead.core import commitments as core

    target = core.week_of(week, today())
    plan = core.check_plan(when, will)
    store = open_store(ctx)
    made = core.add(store, target, [plan], now=now())[0]
    _said("Added", store, target, made.id, as_json=as_json)


IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="The commitment's id (6+ characters).")
]


@group.command("drop", help="Drop a commitment: check-ins stop asking; its record is kept.")
def drop(ctx: typer.Context, commitment_id: IdArgument, as_json: AsJson = False) -> None:
    _change(ctx, commitment_id, "drop", as_json=as_json)


@group.command("carry", help="Carry a commitment into the week after its own.")
def carry(ctx: typer.Context, commitment_id: IdArgument, as_json: AsJson = False) -> None:
    _change(ctx, commitment_id, "carry", as_json=as_json)


def _change(ctx: typer.Context, commitment_id: str, action: Action, *, as_json: bool) -> None:
    from selflead.core import commitments as core

    store = open_store(ctx)
    done = core.change(store, commitment_id, action, now=now(), today=today())
    message = "Dropped" if action == "drop" else "Carried into next week"
    _said(message, store, done.week, done.commitment.id, as_json=as_json, back=done.comes_back)


def _said(
    message: str, store: Store, week: str, full_id: str, *, as_json: bool, back: str | None = None
) -> None:
    from selflead.core import commitments as core
    from selflead.ui import commitments as render
    from selflead.ui import console

    listed = core.week_commitments(store, week)
    item = next(i for i in listed.items if i.commitment.id == full_id)
    if as_json:
        console.emit_json(item.to_json())
        return
    render.changed(f"{message} {item.short_id}", week, item.commitment.when, item.commitment.will)
    if back is not None:
        render.comes_back(back)


def register(app: typer.Typer) -> None:
    app.add_typer(group)
