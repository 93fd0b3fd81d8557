"""``selflead insights``."""

from __future__ import annotations

import typer

from selflead.cli.options import AsJson, FromDay, SkipDamaged, ToDay, day_range, open_store, today

HELP = """Patterns in your ratings, each with its evidence: each area by weekday, the tags
that go with higher or lower ratings, and the areas that rise and fall together (the same day,
or one day and the next).

The default span is the last 90 days. A pattern is shown only with enough days behind it
(a tag on 5 days and 5 without it, and a difference of 0.50 or more; links over 20 days with
|r| of 0.30 or more); with too few, it says how many more days of check-ins it needs. These
are associations in your own ratings, never causes.
"""
EPILOG = """\b
Examples:
  selflead insights
  selflead insights --from 2026-01-01 --to 2026-06-30
  selflead insights --json
"""


def insights(
    ctx: typer.Context,
    start: FromDay = None,
    end: ToDay = None,
    as_json: AsJson = False,
    skip_damaged: SkipDamaged = False,
) -> None:
    from selflead.core import insights as core
    from selflead.ui import console
    from selflead.ui import insights as render

    first, last = day_range(start, end)
    first, last, default = core.span(first, last, today=today())
    store = open_store(ctx, note_missing=not as_json)
    found = core.load(store, first, last, default_span=default, skip_damaged=skip_damaged)
    console.skipped_days(found.skipped_days)
    if as_json:
        console.emit_json(found.to_json())
    else:
        render.insights(found)


def register(app: typer.Typer) -> None:
    app.command(
        "insights",
        help=HELP,
        epilog=EPILOG,
        short_help="Patterns in your ratings, each with its evidence.",
    )(insights)
