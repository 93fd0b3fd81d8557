"""``selflead on-this-day``."""

from __future__ import annotations

from typing import Annotated

import typer

from selflead.cli.options import AsJson, SkipDamaged, open_store, today

HELP = """Look back: the check-ins of a week ago, a month ago and this date in earlier years.

A month ago is the same day of the month before (its last day when that month is shorter);
29 February looks back at 28 February in the years without one. Each is shown with its date.
"""
EPILOG = """\b
Examples:
  selflead on-this-day
  selflead on-this-day 2026-03-31
  selflead on-this-day --json
"""


def on_this_day(
    ctx: typer.Context,
    day: Annotated[
        str,
        typer.Argument(metavar="DATE", help="The day: YYYY-MM-DD, today or yesterday."),
    ] = "today",
    as_json: AsJson = False,
    skip_damaged: SkipDamaged = False,
) -> None:
    from selflead.core import on_this_day as core
    from selflead.dates import parse_day
    from selflead.ui import console
    from selflead.ui import on_this_day as render

    now = today()
    when = parse_day(day, today=now, option="date")
    found = core.on_this_day(
        open_store(ctx, note_missing=not as_json), when, skip_damaged=skip_damaged
    )
    console.skipped_days(found.skipped_days)
    if as_json:
        console.emit_json(found.to_json())
    else:
        render.on_this_day(found, today=now)


def register(app: typer.Typer) -> None:
    app.command(
        "on-this-day",
        help=HELP,
        epilog=EPILOG,
        short_help="Check-ins of a week, a month and years before a day.",
    )(on_this_day)
