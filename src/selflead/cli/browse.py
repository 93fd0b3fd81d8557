"""``selflead show`` and ``selflead list``: reading the journal back."""

from typing import Annotated

import typer

from selflead.cli.options import AsJson, FromDay, SkipDamaged, ToDay, day_range, open_store, today

SHOW_HELP = "Show a day's check-ins: time, ratings, reflections and tags."
SHOW_EPILOG = """\b
Examples:
  selflead show
  selflead show yesterday
  selflead show 2026-11-23
  selflead show yesterday --json
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
    as_json: AsJson = False,
) -> None:
    from selflead.core import browse
    from selflead.dates import parse_day
    from selflead.ui import entries as entries_ui

    now = today()
    when = parse_day(day, today=now, option="day")
    store = open_store(ctx, note_missing=not as_json)
    entries_ui.shown(browse.show(store, when, today=now, shorts=not as_json), as_json=as_json)


def list_entries(
    ctx: typer.Context,
    start: FromDay = None,
    end: ToDay = None,
    everything: Annotated[bool, typer.Option("--all", help="List the whole journal.")] = False,
    as_json: AsJson = False,
    skip_damaged: SkipDamaged = False,
) -> None:
    from selflead.core import browse
    from selflead.ui import entries as entries_ui

    first, last = day_range(start, end)
    span = browse.list_range(first, last, everything=everything, today=today())
    store = open_store(ctx, note_missing=not as_json)
    listing = browse.listing(store, span, skip_damaged=skip_damaged, shorts=not as_json)
    entries_ui.listed(listing, as_json=as_json)


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
