"""``selflead show`` and ``selflead list``: reading the journal back."""

from typing import Annotated

import typer

from selflead.cli.options import AsJson, FromDay, SkipDamaged, ToDay, day_range, open_store

SHOW_HELP = "Show a day's check-ins: time, ratings, reflections and tags."
SHOW_EPILOG = """\b
Examples:
  selflead show
  selflead show yesterday
  selflead show 2026-11-23
"""
LIST_HELP = """List check-ins, one line each: date, time, ratings (C E B G) and a snippet.

Without --from/--to it lists the last 30 days; --all lists everything.
"""
LIST_EPILOG = """\b
Examples:
  selflead list
  selflead list --from 2026-11-01 --to 2026-11-30
  selflead list --all --json > journal.json
"""


def show(
    ctx: typer.Context,
    day: Annotated[
        str,
        typer.Argument(
            metavar="DAY", help="The day: YYYY-MM-DD, today or yesterday.", show_default=True
        ),
    ] = "today",
) -> None:
    from selflead.dates import parse_day
    from selflead.ui import render

    when = parse_day(day, option="day")
    entries = open_store(ctx, note_missing=True).read_day(when)
    render.show_day(f"{when:%A %d %B %Y}", entries)


def list_entries(
    ctx: typer.Context,
    start: FromDay = None,
    end: ToDay = None,
    everything: Annotated[bool, typer.Option("--all", help="List the whole journal.")] = False,
    as_json: AsJson = False,
    skip_damaged: SkipDamaged = False,
) -> None:
    from selflead.core import browse
    from selflead.ui import render

    first, last = day_range(start, end)
    first, last = browse.list_range(first, last, everything=everything)
    read = open_store(ctx, note_missing=not as_json).read_range(first, last)
    render.skipped_days(browse.check_damaged(read, skip_damaged=skip_damaged))
    entries = read.entries
    if as_json:
        render.emit_json([e.model_dump(mode="json") for e in entries])
    else:
        render.entry_lines(entries)


def register(app: typer.Typer) -> None:
    app.command("show", help=SHOW_HELP, epilog=SHOW_EPILOG, short_help="Show a day's check-ins.")(
        show
    )
    app.command(
        "list",
        help=LIST_HELP,
        epilog=LIST_EPILOG,
        short_help="List check-ins, one line each (or JSON).",
    )(list_entries)
