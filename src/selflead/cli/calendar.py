"""``selflead calendar``: a year in pixels."""

from __future__ import annotations

from typing import Annotated

import typer

from selflead.cli.options import AsJson, open_store, today

CALENDAR_HELP = """A year in pixels: one cell per day, its mean rating from 1 to 5 on a fixed
colour scale, months as columns and days as rows.

Without --area the cells are the mean of all areas, or, in a terminal wide enough for them,
one grid per area side by side. The digits stay with NO_COLOR and in a pipe: . is a day
without a rating, * marks today.
"""
CALENDAR_EPILOG = """\b
Examples:
  selflead calendar
  selflead calendar --year 2025 --area emotions
  NO_COLOR=1 selflead calendar | less
"""


def calendar(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", metavar="YYYY", help="The year (default: this one)."),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", "-a", metavar="AREA", help="One area instead of the mean."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    from selflead.core.calendar import year_in_pixels
    from selflead.ui import calendar as render

    render.calendar(year_in_pixels(open_store(ctx), year, area, today()), as_json=as_json)


def register(app: typer.Typer) -> None:
    app.command(
        "calendar",
        help=CALENDAR_HELP,
        epilog=CALENDAR_EPILOG,
        short_help="A year in pixels: each day's mean rating, coloured.",
    )(calendar)
